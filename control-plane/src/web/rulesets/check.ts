/**
 * Checking a draft in the editor: the API's check (the same diagnostics an upload would give,
 * nothing stored), then, for a Pbx without errors, its call flow and its scenarios run on the
 * real engine against the draft.
 */
import { compilePbx, type FlowGraph, flowGraph } from "@switchboard/rules-compiler";
import { describeEvent, runScenarios } from "@switchboard/rules-compiler/scenarios";
import { type Api, type Diagnostic, ok, yaml } from "../api.ts";

export interface ScenarioResult {
  name: string;
  line: number;
  passed: boolean;
  failure?: {
    step: number;
    event: string;
    line: number;
    problems: string[];
    /** where the engine went, for a failure with an answer */
    answered?: string;
  };
}

export interface DraftCheck {
  ok: boolean;
  kind: string | null;
  diagnostics: Diagnostic[];
  flow?: FlowGraph;
  /** absent when no scenarios were given */
  scenarios?: { diagnostics: Diagnostic[]; results: ScenarioResult[] };
}

export async function checkDraft(
  api: Api,
  ref: { tenant: string; name: string },
  source: string,
  scenarios: string,
): Promise<DraftCheck> {
  const answer = await ok(
    api.v1.rulesets[":tenant"][":name"].check.$post({ param: ref }, yaml(source)),
  );
  const check: DraftCheck = {
    ok: answer.ok,
    kind: answer.kind,
    diagnostics: answer.diagnostics,
  };
  if (!answer.ok || answer.kind !== "Pbx") return check;
  const compiled = compilePbx(source, `${ref.name}.yaml`);
  if (!compiled.ok) return check;
  check.flow = flowGraph(compiled.pbx.rule.metadata.name, compiled.pbx.rule.spec);
  if (scenarios.trim()) {
    const outcome = await runScenarios(scenarios, compiled.pbx, "scenarios.yaml");
    check.scenarios = {
      diagnostics: outcome.diagnostics.map(({ d }) => d),
      results: outcome.scenarios.map(({ scenario, failure }) => ({
        name: scenario.name,
        line: scenario.where.line,
        passed: !failure,
        ...(failure && {
          failure: {
            step: failure.index + 1,
            event: describeEvent(failure.step.event),
            line: failure.step.where.line,
            problems: failure.problems,
            ...(failure.actual && {
              answered: `${failure.actual.answeredBy || "(no node)"}: ${failure.actual.actions.map((a) => a.type).join(", ") || "no actions"}`,
            }),
          },
        }),
      })),
    };
  }
  return check;
}

/** The call flow of a stored Pbx version (it compiled when it was stored). */
export function flowOf(source: string, name: string): FlowGraph | undefined {
  const compiled = compilePbx(source, `${name}.yaml`);
  return compiled.ok
    ? flowGraph(compiled.pbx.rule.metadata.name, compiled.pbx.rule.spec)
    : undefined;
}

export function tally(diagnostics: readonly Diagnostic[]) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.length - errors };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
