/**
 * Runs scenario files on the real engine: compile the rule file, load its bundle, and play each
 * scenario's events through a Call, comparing every answer. A scenario stops at its first
 * failing step, since what follows depends on where the call went.
 */
import { readFileSync } from "node:fs";
import type { Step } from "@switchboard/wasm";
import { Call, loadEngine } from "../call.ts";
import { type CompiledPbx, compilePbx } from "../compiled-pbx.ts";
import type { Diagnostic } from "../diagnostic.ts";
import { compile } from "../index.ts";
import { MobilePlanFileSchema } from "../kinds/mobile-plan/schema.ts";
import { SourceFile } from "../parse.ts";
import { compareStep } from "./compare.ts";
import { type MobileOutcome, readMobileScenarios, runMobileScenarios } from "./mobile.ts";
import {
  type ResolvedScenario,
  type ResolvedStep,
  readScenarioFile,
  resolveScenarios,
  rulesOf,
  type ShapeResult,
} from "./read.ts";
import { ScenarioCode } from "./schema.ts";

export interface StepFailure {
  index: number;
  step: ResolvedStep;
  actual?: Step;
  /** diff lines, or the engine's error */
  problems: string[];
}

export interface ScenarioOutcome {
  scenario: ResolvedScenario;
  failure?: StepFailure;
}

export interface ScenarioFileOutcome {
  file: string;
  /** the rule file it tests (resolved path) */
  rules: string;
  /** diagnostics of the scenario file or the rule file (with the source to print them) */
  diagnostics: { d: Diagnostic; source: string }[];
  scenarios: ScenarioOutcome[];
  /** a MobilePlan's scenarios: one answer each */
  mobile: MobileOutcome[];
}

export async function runScenarioFile(path: string): Promise<ScenarioFileOutcome> {
  const source = readFileSync(path, "utf8");
  const outcome: ScenarioFileOutcome = {
    file: path,
    rules: "",
    diagnostics: [],
    scenarios: [],
    mobile: [],
  };
  const fail = failWith(outcome);
  const src = new SourceFile(source, path);
  if (!src.ok) return fail(src.diagnostics, source);
  outcome.rules = rulesOf(src, path);
  let ruleSource: string;
  try {
    ruleSource = readFileSync(outcome.rules, "utf8");
  } catch {
    const where = src.locate(["rules"]);
    const missing = src.at(
      ScenarioCode.noRuleFile,
      "error",
      `cannot read the rule file ${outcome.rules}`,
      where.found ? where.value : [0, 0],
      {
        hint: "name the file like its rule file (florist.scenarios.yaml tests florist.yaml) or set `rules:`",
      },
    );
    return fail([missing], source);
  }
  const kind = (new SourceFile(ruleSource).data as { kind?: unknown } | null)?.kind;
  if (kind === "MobilePlan") {
    const read = readMobileScenarios(src);
    if (!read.ok) return fail(read.diagnostics, source);
    fail(src.diagnostics, source); // warnings only
    const plan = compile(ruleSource, { file: outcome.rules });
    if (!plan.ok) return fail(plan.diagnostics, ruleSource);
    const rule = MobilePlanFileSchema.parse(new SourceFile(ruleSource).data);
    outcome.mobile = await runMobileScenarios(
      plan.bundle,
      { tenant: rule.metadata.tenant, name: rule.metadata.name, timezone: rule.spec.timezone },
      read.file,
      read.scenarios,
    );
    return outcome;
  }
  const shape = readScenarioFile(source, path);
  if (!shape.ok) return fail(shape.diagnostics, source);
  const compiled = compilePbx(ruleSource, shape.rules);
  if (!compiled.ok) return fail(compiled.diagnostics, ruleSource);
  return play(outcome, shape, compiled.pbx);
}

/**
 * Runs scenarios given as text against a Pbx compiled from text (the web editor's draft): the
 * scenario file's `rules:` is ignored, `pbx` is what it tests.
 */
export async function runScenarios(
  source: string,
  pbx: CompiledPbx,
  file = "scenarios.yaml",
): Promise<ScenarioFileOutcome> {
  const outcome: ScenarioFileOutcome = {
    file,
    rules: pbx.file,
    diagnostics: [],
    scenarios: [],
    mobile: [],
  };
  const shape = readScenarioFile(source, file);
  if (!shape.ok) return failWith(outcome)(shape.diagnostics, source);
  return play(outcome, shape, pbx);
}

function failWith(outcome: ScenarioFileOutcome) {
  return (diagnostics: Diagnostic[], text: string) => {
    outcome.diagnostics.push(...diagnostics.map((d) => ({ d, source: text })));
    return outcome;
  };
}

/** Resolves the scenarios against the Pbx and plays each one on a fresh engine call. */
async function play(
  outcome: ScenarioFileOutcome,
  shape: Extract<ShapeResult, { ok: true }>,
  pbx: CompiledPbx,
): Promise<ScenarioFileOutcome> {
  const fail = failWith(outcome);
  const resolved = resolveScenarios(shape.src, shape.file, pbx.rule);
  if (!resolved.ok) return fail(resolved.diagnostics, shape.src.source);
  fail(resolved.diagnostics, shape.src.source); // warnings only

  const engine = await loadEngine(pbx.bundle);
  for (const scenario of resolved.scenarios) {
    const { from, to, at } = scenario;
    const call = new Call(engine, { from, to, at });
    outcome.scenarios.push({ scenario, failure: playSteps(call, scenario) });
  }
  return outcome;
}

function playSteps(call: Call, scenario: ResolvedScenario): StepFailure | undefined {
  for (const [index, step] of scenario.steps.entries()) {
    let actual: Step;
    try {
      actual = call.step(step.event);
    } catch (error) {
      const ended = call.node === null && step.event.type !== "start";
      const problems = [
        ended
          ? `the call had already ended; a step after the end must be \`event: start\``
          : `engine error: ${error instanceof Error ? error.message : String(error)}`,
      ];
      return { index, step, problems };
    }
    const problems = compareStep(step.expect, actual);
    if (problems.length > 0) return { index, step, actual, problems };
  }
  return undefined;
}
