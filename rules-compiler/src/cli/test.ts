/**
 * `test <files|dirs...>`: runs scenario files on the real engine and prints, per failing step,
 * what was expected and what the engine answered. Exit 1 on any failure or diagnostic error.
 */
import { existsSync } from "node:fs";
import { describeEvent } from "../call.ts";
import { tally } from "../diagnostic.ts";
import { runScenarioFile, type ScenarioFileOutcome } from "../scenario/run.ts";
import { plural, printDiagnostic } from "./diagnostics.ts";
import {
  type Command,
  Exit,
  filesUnder,
  isScenarioFile,
  paint,
  SCENARIO_SUFFIX,
  type Terminal,
  UsageError,
} from "./terminal.ts";

export const testCommand: Command = {
  name: "test",
  summary: "run *.scenarios.yaml calls against the compiled rules on the engine",
  help: `usage: switchboard-rules test <files|dirs...>

Runs scenario files on the real engine. A rule file florist.yaml is tested by
florist.scenarios.yaml next to it; a directory runs every *.scenarios.yaml under it. A Pbx's
scenarios are calls as sequences of events; a MobilePlan's are single calls to or from the
subscribers the file lists. Each failure prints expected vs actual. Exits 1 when a scenario fails
or a file has errors.`,
  options: {},
  async run({ positionals }, term) {
    if (positionals.length === 0) throw new UsageError("give at least one file or directory");
    const files = filesUnder(positionals, isScenarioFile).map(scenarioFileFor);
    if (files.length === 0)
      throw new UsageError(`no *${SCENARIO_SUFFIX} files under ${positionals.join(", ")}`);
    let passed = 0;
    let failed = 0;
    let errors = 0;
    for (const file of files) {
      const outcome = await runScenarioFile(file);
      print(outcome, term);
      errors += tally(outcome.diagnostics.map(({ d }) => d)).errors;
      for (const s of outcome.scenarios) s.failure ? failed++ : passed++;
      for (const m of outcome.mobile) m.problems.length > 0 ? failed++ : passed++;
    }
    const p = paint(term);
    const totals = `${plural(passed + failed, "scenario")} in ${plural(files.length, "file")}: ${passed} passed, ${failed} failed${errors > 0 ? `, ${plural(errors, "error")} in files` : ""}`;
    const ok = failed === 0 && errors === 0;
    term.out(ok ? p.green(totals) : p.red(totals));
    return ok ? Exit.ok : Exit.failed;
  },
};

/** A rule file stands for its sibling scenario file. */
function scenarioFileFor(path: string): string {
  if (isScenarioFile(path)) return path;
  const sibling = path.replace(/\.ya?ml$/, SCENARIO_SUFFIX);
  if (sibling !== path && existsSync(sibling)) return sibling;
  throw new UsageError(`${path}: no scenarios; write them in ${sibling}`);
}

function print(outcome: ScenarioFileOutcome, term: Terminal): void {
  const p = paint(term);
  term.out(p.bold(`${outcome.file}${outcome.rules ? ` → ${outcome.rules}` : ""}`));
  for (const { d, source } of outcome.diagnostics) printDiagnostic(term, d, source);
  for (const { scenario, failure } of outcome.scenarios) {
    if (!failure) {
      term.out(`  ${p.green("✓")} ${scenario.name}`);
      continue;
    }
    const { line, column } = scenario.where;
    term.out(`  ${p.red("✗")} ${scenario.name} ${p.dim(`(${outcome.file}:${line}:${column})`)}`);
    const { step, index, actual, problems } = failure;
    term.out(
      `      step ${index + 1}, ${describeEvent(step.event)} ${p.dim(`(${outcome.file}:${step.where.line}:${step.where.column})`)}:`,
    );
    for (const problem of problems) {
      const colour = problem.startsWith("  -")
        ? p.red
        : problem.startsWith("  +")
          ? p.green
          : (s: string) => s;
      term.out(`        ${colour(problem)}`);
    }
    if (actual) {
      const where = actual.node === null ? "the call ended" : `waits at ${actual.answeredBy}`;
      term.out(
        p.dim(
          `        engine answered from ${actual.answeredBy || "(none)"}, ${where}: ${actual.actions.map((a) => a.type).join(", ") || "no actions"}`,
        ),
      );
    }
  }
  for (const { scenario, problems, actual } of outcome.mobile) {
    if (problems.length === 0) {
      term.out(`  ${p.green("✓")} ${scenario.name}`);
      continue;
    }
    const { line, column } = scenario.where;
    term.out(`  ${p.red("✗")} ${scenario.name} ${p.dim(`(${outcome.file}:${line}:${column})`)}`);
    term.out(`      ${scenario.direction} call from ${scenario.from} to ${scenario.to}:`);
    for (const problem of problems) term.out(`        ${problem}`);
    if (actual)
      term.out(
        p.dim(`        engine answered ${JSON.stringify(actual.action)} by rule ${actual.rule}`),
      );
  }
  term.out("");
}
