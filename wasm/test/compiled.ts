// Real bundles for the tests: rule sources compiled by @switchboard/rules-compiler
// and run by the built engine (build/engine.wasm).
import { readFileSync } from "node:fs";
import { compile, formatDiagnostic } from "@switchboard/rules-compiler";
import { type CallEvent, loadEngineModule, PbxEngine, type Step } from "../src/node.ts";

export const engineModule = await loadEngineModule();

export const floristSource = readFileSync(
  new URL("../../rules/examples/florist.yaml", import.meta.url),
  "utf8",
);

export function bundleOf(source: string): Uint8Array {
  const result = compile(source);
  if (!result.ok) {
    throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, source)).join("\n"));
  }
  return result.bundle;
}

export function engineOf(source: string): PbxEngine {
  return PbxEngine.load(engineModule, bundleOf(source));
}

/** A Pbx rule file around `nodes` (YAML lines indented under `nodes:`). */
export function pbxSource(entry: string, nodes: string, extra = ""): string {
  return `apiVersion: switchboard/v1
kind: Pbx
metadata: { name: test, tenant: acme }
spec:
  country: SE
  timezone: Europe/Stockholm
  language: sv-SE
  numbers: ["+46812345678"]
  entry: ${entry}
${extra}
  nodes:
${nodes}`;
}

/** A call as the edge runs it: each answer's node and retry go into the next step. */
export function startCall(
  engine: PbxEngine,
  { from = "+46701111111", to = "+46812345678", at = new Date("2026-11-23T10:00:00Z") } = {},
) {
  let node: number | null = null;
  let retry = 0;
  return {
    send(event: CallEvent): Step {
      const step = engine.decide({ event, node, retry, from, to, at });
      node = step.node;
      retry = step.retry;
      return step;
    },
  };
}
