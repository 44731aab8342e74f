// In-process decisions: the engine (PbxEngine.decide: JS→Wasm input, the step,
// Wasm→JS action objects) against the hand-written florist (the floor) and
// json-rules-engine, on the same two steps, in the same process and run.
import { isDeepStrictEqual } from "node:util";
import { compile } from "@switchboard/rules-compiler";
import { loadEngineModule, PbxEngine } from "@switchboard/wasm/node";
import { type Summary, sampleCalls, summarize, throughput } from "../stats.ts";
import {
  CALLER,
  FLORIST_NUMBER,
  FLORIST_YAML,
  type FloristAnswer,
  type FloristStep,
  handWritten,
  rulesEngine,
  STEPS,
} from "./florist.ts";

export interface DecisionResult {
  name: string;
  perSecond: number;
  latency: Summary;
}

const SYNC_CALLS = 400_000;
const ROUNDS = 7;
const ASYNC_CALLS = 20_000;

export async function measureDecisions(): Promise<DecisionResult[]> {
  const compiled = compile(FLORIST_YAML, { file: "florist.yaml" });
  if (!compiled.ok)
    throw new Error(`florist.yaml does not compile: ${compiled.diagnostics[0]?.message}`);
  const engine = PbxEngine.load(await loadEngineModule(), compiled.bundle);
  const nodeIndex = (id: string | null) => (id === null ? null : engine.info.nodes.indexOf(id));
  const inputs = STEPS.map((step) => ({
    event: step.event,
    node: nodeIndex(step.node),
    retry: step.retry,
    from: CALLER,
    to: FLORIST_NUMBER,
    at: step.at,
  }));
  const viaEngine = (i: number): FloristAnswer => {
    const result = engine.decide(inputs[i] as (typeof inputs)[number]);
    return {
      actions: result.actions,
      node: result.node === null ? null : (engine.info.nodes[result.node] ?? null),
    };
  };
  const floor = handWritten();
  const rules = rulesEngine();

  // A comparison is only fair if all three give the same answers.
  for (const [i, step] of STEPS.entries()) {
    const expected = viaEngine(i);
    const others = { handWritten: floor(step), rules: await rules(step) };
    for (const [name, got] of Object.entries(others)) {
      if (!isDeepStrictEqual(got, expected)) {
        throw new Error(
          `${name} disagrees with the engine on step ${i}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`,
        );
      }
    }
  }

  const alternate = <T>(decide: (i: number) => T) => {
    let n = 0;
    return () => decide(n++ & 1);
  };
  const stepOf = (i: number) => STEPS[i] as FloristStep;
  return [
    // The engine's answer is its Step; viaEngine's renaming is only for the comparison above.
    ...syncResults([
      {
        name: "engine (PbxEngine.decide)",
        decide: alternate((i) => engine.decide(inputs[i] as (typeof inputs)[number])),
      },
      { name: "hand-written TypeScript", decide: alternate((i) => floor(stepOf(i))) },
    ]),
    await asyncResult(
      "json-rules-engine 7.3.1",
      alternate((i) => rules(stepOf(i))),
    ),
  ];
}

/**
 * Throughput is the median of interleaved rounds (engine, floor, engine, floor, …): a JIT
 * decision or a burst of other load in one round moves neither side of the ratio alone.
 */
function syncResults(contenders: { name: string; decide: () => unknown }[]): DecisionResult[] {
  const rounds = contenders.map(() => new Float64Array(ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, { decide }] of contenders.entries()) {
      (rounds[i] as Float64Array)[round] = throughput(decide, SYNC_CALLS);
    }
  }
  return contenders.map(({ name, decide }, i) => ({
    name,
    perSecond: summarize(rounds[i] as Float64Array).p50,
    latency: summarize(sampleCalls(decide, SYNC_CALLS / 4)),
  }));
}

async function asyncResult(name: string, decide: () => Promise<unknown>): Promise<DecisionResult> {
  for (let i = 0; i < ASYNC_CALLS / 4; i++) await decide();
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < ASYNC_CALLS; i++) {
    const began = process.hrtime.bigint();
    await decide();
    samples.push(Number(process.hrtime.bigint() - began));
  }
  const perSecond = ASYNC_CALLS / (Number(process.hrtime.bigint() - start) / 1e9);
  return { name, perSecond, latency: summarize(samples) };
}
