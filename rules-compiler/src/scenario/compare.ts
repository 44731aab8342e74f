/**
 * Expected vs actual, as the lines of a readable diff. Expected actions are partial (only the
 * fields written are compared) but the list is whole: the engine must answer exactly as many
 * actions as the step lists.
 */
import type { Action, Step } from "@switchboard/wasm";
import type { Expectation } from "./schema.ts";

export function compareStep(expect: Expectation | undefined, step: Step): string[] {
  if (!expect) return [];
  const out: string[] = [];
  if (expect.node !== undefined && expect.node !== step.answeredBy)
    out.push(`node: expected ${expect.node}, got ${step.answeredBy || "(none)"}`);
  const done = step.node === null;
  if (expect.done !== undefined && expect.done !== done)
    out.push(
      `done: expected ${expect.done}, got ${done} (${done ? "the call ended" : "the call waits for an event"})`,
    );
  if (expect.retry !== undefined && expect.retry !== step.retry)
    out.push(`retry: expected ${expect.retry}, got ${step.retry}`);
  if (expect.actions !== undefined) compareActions(expect.actions, step.actions, out);
  return out;
}

function compareActions(expected: readonly object[], actual: readonly Action[], out: string[]) {
  if (expected.length !== actual.length) {
    out.push(`actions: expected ${expected.length}, got ${actual.length}`);
    for (const e of expected) out.push(`  - ${JSON.stringify(e)}`);
    for (const a of actual) out.push(`  + ${JSON.stringify(a)}`);
    return;
  }
  expected.forEach((e, i) => {
    comparePartial(e, actual[i], `actions[${i}]`, out);
  });
}

/** Every field of `expected` must equal the same field of `actual`; arrays compare whole. */
export function comparePartial(
  expected: unknown,
  actual: unknown,
  path: string,
  out: string[],
): void {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${show(actual)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected))
      comparePartial(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${show(actual)}`);
}

const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));
