/**
 * Reading a scenario file: YAML → shape (zod) → checks against the Pbx it tests (node names,
 * callers, numbers). Every problem is a diagnostic at its line and column, like a rule file's.
 */
import { basename, dirname, join } from "node:path";
import type { CallEvent } from "@switchboard/wasm";
import type { Diagnostic } from "../diagnostic.ts";
import { type Path, SourceFile } from "../parse.ts";
import type { PbxFile } from "../schema.ts";
import { closest } from "../spelling.ts";
import { reportIssues } from "./issues.ts";
import {
  DEFAULT_AT,
  type Expectation,
  ScenarioCode,
  type ScenarioFile,
  ScenarioFileSchema,
  type ScenarioStep,
} from "./schema.ts";

export interface Where {
  line: number;
  column: number;
}

export interface ResolvedStep {
  event: CallEvent;
  expect: Expectation | undefined;
  where: Where;
}

export interface ResolvedScenario {
  name: string;
  at: Date;
  from: string;
  to: string;
  steps: ResolvedStep[];
  where: Where;
}

export type ShapeResult =
  | { ok: true; src: SourceFile; file: ScenarioFile; rules: string }
  | { ok: false; diagnostics: Diagnostic[] };

/** Pass 1: the file's shape, and which rule file it tests. */
export function readScenarioFile(source: string, path: string): ShapeResult {
  const src = new SourceFile(source, path);
  if (!src.ok) return { ok: false, diagnostics: src.diagnostics };
  const parsed = ScenarioFileSchema.safeParse(src.data);
  if (!parsed.success) {
    reportIssues(src, ScenarioFileSchema, parsed.error.issues);
    return { ok: false, diagnostics: src.diagnostics };
  }
  return { ok: true, src, file: parsed.data, rules: rulesOf(src, path) };
}

/** The rule file a scenario file tests: its `rules:`, else the file named like it. */
export function rulesOf(src: SourceFile, path: string): string {
  const named = (src.data as { rules?: unknown } | null)?.rules;
  return join(
    dirname(path),
    typeof named === "string" && named !== ""
      ? named
      : basename(path).replace(/\.scenarios\.yaml$/, ".yaml"),
  );
}

export type ResolveResult =
  | { ok: true; scenarios: ResolvedScenario[]; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Pass 2: defaults applied, and every name checked against the Pbx under test. */
export function resolveScenarios(
  src: SourceFile,
  file: ScenarioFile,
  rule: PbxFile,
): ResolveResult {
  const nodes = Object.keys(rule.spec.nodes);
  const numbers = rule.spec.numbers;
  const where = (path: Path): Where => {
    const at = src.locate(path);
    return src.position((at.key ?? at.value)[0]);
  };
  const names = new Map<string, number>();
  const scenarios = file.scenarios.map((scenario, i): ResolvedScenario => {
    const at: Path = ["scenarios", i];
    const first = names.get(scenario.name);
    if (first === undefined) names.set(scenario.name, i);
    else {
      src.report(
        ScenarioCode.duplicateName,
        "error",
        `scenario "${scenario.name}" is defined twice`,
        src.locate([...at, "name"]).value,
        { hint: `rename it; the first is on line ${where(["scenarios", first, "name"]).line}` },
      );
    }
    const from = scenario.from ?? file.defaults?.from;
    if (from === undefined) {
      src.report(
        ScenarioCode.missingCaller,
        "error",
        `scenario "${scenario.name}" has no caller`,
        src.locate([...at, "name"]).value,
        { hint: 'add `from: "+46701234567"` (or "anonymous") here or under `defaults:`' },
      );
    }
    const to = scenario.to ?? file.defaults?.to ?? (numbers[0] as string);
    if (!numbers.includes(to)) {
      const toAt = scenario.to === undefined ? ["defaults", "to"] : [...at, "to"];
      src.report(
        ScenarioCode.numberNotRouted,
        "warning",
        `${to} is not one of the Pbx's numbers`,
        src.locate(toAt).value,
        { hint: `the Pbx answers ${numbers.join(", ")}` },
      );
    }
    const steps = scenario.steps.map((step, j) => {
      const stepAt: Path = [...at, "steps", j];
      const node = step.expect?.node;
      if (node !== undefined && !nodes.includes(node)) {
        const guess = closest(node, nodes);
        src.report(
          ScenarioCode.unknownNode,
          "error",
          `the Pbx has no node "${node}"`,
          src.locate([...stepAt, "expect", "node"]).value,
          { hint: guess ? `did you mean "${guess}"?` : `nodes: ${nodes.join(", ")}` },
        );
      }
      return { event: callEvent(step), expect: step.expect, where: where([...stepAt, "event"]) };
    });
    return {
      name: scenario.name,
      at: new Date(scenario.at ?? file.defaults?.at ?? DEFAULT_AT),
      from: from ?? "anonymous",
      to,
      steps,
      where: where([...at, "name"]),
    };
  });
  if (!src.ok) return { ok: false, diagnostics: src.diagnostics };
  return { ok: true, scenarios, diagnostics: src.diagnostics };
}

function callEvent(step: ScenarioStep): CallEvent {
  if (step.event === "digits") return { type: "digits", digits: step.digits };
  if (step.event === "dial_result") return { type: "dial_result", status: step.status };
  return { type: step.event };
}
