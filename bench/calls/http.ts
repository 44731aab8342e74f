// HTTP: real signed webhooks (the florist's start → menu, then digits 1 →
// shop, with the state token from the start's answer) against the built edge,
// and the same requests against the constant worker and the hand-written
// webhook (bench/calls/handwritten), on one bare workerd.
import { compile } from "@switchboard/rules-compiler";
import { webhookHeaders } from "../../local/webhook.ts";
import {
  buildConstantWorker,
  buildHandwrittenWebhook,
  EDGE_DIST,
  requireEdgeBuild,
} from "./build.ts";
import { CALLER, FLORIST_NUMBER, FLORIST_YAML, OPEN_AT } from "./florist.ts";
import { type LoadResult, type PreparedRequest, paced, saturate } from "./load.ts";
import { requireEventsSent, serve } from "./workerd.ts";

const CARRIER = { id: "bench", secret: "bench-secret" };
const POOL = 1000;
export const RATE = 1000;
export const PACED_SEC = 10;
export const SATURATE_SEC = 8;
export const CONNECTIONS = 32;

export interface HttpResults {
  edge: { paced: LoadResult; saturated: LoadResult };
  constant: { paced: LoadResult; saturated: LoadResult };
  /** The required work alone, by hand (bench/calls/handwritten). */
  handwritten: { paced: LoadResult; saturated: LoadResult };
}

export async function measureHttp(): Promise<HttpResults> {
  requireEdgeBuild();
  const compiled = compile(FLORIST_YAML, { file: "florist.yaml" });
  if (!compiled.ok) throw new Error("florist.yaml does not compile");
  const served = await serve({
    edgeDir: EDGE_DIST,
    constantDir: buildConstantWorker(),
    kv: {
      [`bundle/${compiled.hash}`]: compiled.bundle,
      [`did/${FLORIST_NUMBER}`]: JSON.stringify({
        bundle: compiled.hash,
        tenant: "florist",
        ruleset: "florist",
        version: 1,
        canary: null,
      }),
      [`carrier/${CARRIER.id}`]: JSON.stringify({ secrets: [CARRIER.secret] }),
    },
    stateSecret: "bench-state-secret",
    edgePort: 18787,
    constantPort: 18788,
    handwritten: { dir: buildHandwrittenWebhook(), port: 18789 },
  });
  const handwrittenUrl = served.handwrittenUrl as string;
  try {
    const states = await startCalls(served.edgeUrl);
    // Signatures are good for 300 s: sign each phase's requests just before it.
    const run = async (url: string) => ({
      paced: await paced(url, requestPool(states), RATE, PACED_SEC),
      saturated: await saturate(url, requestPool(states), CONNECTIONS, SATURATE_SEC),
    });
    // Warm all three (JIT, connections) before measuring any.
    await saturate(served.edgeUrl, requestPool(states), CONNECTIONS, 2);
    await saturate(served.constantUrl, requestPool(states), CONNECTIONS, 2);
    await saturate(handwrittenUrl, requestPool(states), CONNECTIONS, 2);
    const results = {
      edge: await run(served.edgeUrl),
      constant: await run(served.constantUrl),
      // Its tokens are the edge's (same format and secret), so the same requests serve.
      handwritten: await run(handwrittenUrl),
    };
    requireEventsSent(served);
    return results;
  } finally {
    await served.stop();
  }
}

function body(callId: string, event: object, state?: string): string {
  return JSON.stringify({
    callId,
    kind: "pbx",
    from: CALLER,
    to: FLORIST_NUMBER,
    direction: "inbound",
    event,
    ...(state ? { state } : {}),
    timestamp: OPEN_AT.toISOString(),
  });
}

/** Starts POOL calls; each answer's state lets its digits step follow. */
async function startCalls(edgeUrl: string): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (let i = 0; i < POOL; i++) {
    const callId = `bench-${i}`;
    const raw = body(callId, { type: "start" });
    const response = await fetch(`${edgeUrl}/v1/calls`, {
      method: "POST",
      headers: webhookHeaders(CARRIER, raw),
      body: raw,
    });
    const answer = (await response.json()) as { state?: string; actions?: { type: string }[] };
    if (!answer.state || answer.actions?.[0]?.type !== "gather") {
      throw new Error(`the edge did not answer the florist's menu: ${JSON.stringify(answer)}`);
    }
    states.set(callId, answer.state);
  }
  return states;
}

/** Half start (→ gather), half digits 1 with the call's state (→ connect), interleaved. */
function requestPool(states: Map<string, string>): PreparedRequest[] {
  const pool: PreparedRequest[] = [];
  for (const [callId, state] of states) {
    for (const raw of [
      body(`${callId}-new`, { type: "start" }),
      body(callId, { type: "digits", digits: "1" }, state),
    ]) {
      pool.push({ path: "/v1/calls", headers: webhookHeaders(CARRIER, raw), body: raw });
    }
  }
  return pool;
}
