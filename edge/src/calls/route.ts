/** `POST /v1/calls`: the call-control webhook (SPEC §4) for PBX calls. */
import { engineModule } from "@switchboard/wasm/worker";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { setMetric } from "hono/timing";
import { Budget } from "../budget.ts";
import { type CarrierAuthEnv, carrierAuth } from "../carrier-auth/index.ts";
import type { FallbackReason } from "../fallback.ts";
import { readState, signState } from "../state-token/index.ts";
import { type Decision, decideNext, decideStart, refusal } from "./decide.ts";
import { decisionEvent, recordDecision } from "./record.ts";
import { type BodyIssue, type CallRequest, parseCall } from "./schema.ts";

/** All storage waits of one decision; a slow KV turns into a fallback well under 1 s. */
const DECISION_BUDGET_MS = 450;
const KV_READ_MS = 300;

type CallsEnv = CarrierAuthEnv;

export const calls = new Hono<CallsEnv>();

calls.onError((error, c) => {
  console.error(JSON.stringify({ msg: "call route failed", error: String(error) }));
  return safeAnswer(c, "internal_error");
});

calls.post(
  "/",
  bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => c.json({ error: { code: "body_too_large", message: "Limit is 64 KiB." } }, 413),
  }),
  carrierAuth({ onStoreFault: (c) => safeAnswer(c, "carrier_store_unavailable") }),
  async (c) => {
    const receivedAt = new Date();
    const parsed = parseCall(await c.req.text());
    if (!parsed.ok) return invalidBody(c, parsed);
    const call = parsed.call;
    const did = didOf(call);
    let decision: Decision;
    try {
      const at = call.timestamp ? new Date(call.timestamp) : receivedAt;
      const ctx = {
        kv: c.env.EDGE_KV,
        module: engineModule,
        budget: new Budget(DECISION_BUDGET_MS, KV_READ_MS),
        timing: (name: string, ms: number) => setMetric(c, name, ms),
      };
      if (call.kind === "mobile") {
        // MobilePlan bundles arrive with a later issue; until then no mobile number has rules.
        decision = refusal(call, "no_mobile_plan", false);
      } else if (call.event.type === "start") {
        decision = await decideStart(ctx, call, did, at);
      } else {
        if (!call.state) {
          return badState(
            c,
            "state_required",
            `A ${call.event.type} event needs the state from the previous answer.`,
          );
        }
        const check = await readState(c.env.STATE_SECRET, call.state, { callId: call.callId, did });
        if (!check.ok) return badState(c, check.code, check.message);
        decision = await decideNext(ctx, call, check.state, at);
      }
      const state = decision.next && (await signState(c.env.STATE_SECRET, decision.next));
      return answer(c, call, did, decision, state);
    } catch (error) {
      // Nothing unexpected may reach the carrier as a 5xx.
      console.error(
        JSON.stringify({ msg: "call route failed", callId: call.callId, error: String(error) }),
      );
      return answer(c, call, did, refusal(call, "internal_error"), null);
    }
  },
);

function answer(
  c: Context<CallsEnv>,
  call: CallRequest,
  did: string,
  decision: Decision,
  state: string | null,
): Response {
  const region = regionOf(c);
  recordDecision(
    c.env.EVENTS,
    (work) => c.executionCtx.waitUntil(work),
    decisionEvent(call, decision, c.var.carrier, did, region),
  );
  return c.json(answerBody(call, decision, state, region));
}

function answerBody(call: CallRequest, decision: Decision, state: string | null, region: string) {
  return {
    callId: call.callId,
    actions: decision.actions,
    state,
    meta: {
      bundle: decision.bundle,
      node: decision.node,
      region,
      decisionUs: decision.decisionUs,
      fallback: decision.fallback,
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
  };
}

function invalidBody(c: Context<CallsEnv>, parsed: { message: string; issues: BodyIssue[] }) {
  return c.json(
    { error: { code: "invalid_body", message: parsed.message, issues: parsed.issues } },
    400,
  );
}

function badState(c: Context<CallsEnv>, code: string, message: string): Response {
  return c.json({ error: { code, message, issues: [{ path: "state", message }] } }, 400);
}

/** The number whose rules apply: the called DID inbound, the calling one outbound. */
function didOf(call: CallRequest): string {
  return call.direction === "inbound" ? call.to : call.from;
}

function regionOf(c: Context<CallsEnv>): string {
  const cf = c.req.raw.cf;
  const colo = cf && "colo" in cf && typeof cf.colo === "string" ? cf.colo : undefined;
  return colo ?? c.env.EDGE_REGION_DEFAULT;
}

/**
 * A fault before any rules could run (the carrier store is unreadable, or
 * something threw outside the decision): a valid body still gets a safe answer,
 * not a 5xx. No event is recorded, as the carrier may not be verified.
 */
async function safeAnswer(c: Context<CallsEnv>, reason: FallbackReason): Promise<Response> {
  const parsed = parseCall(await c.req.text());
  if (!parsed.ok) return invalidBody(c, parsed);
  console.error(
    JSON.stringify({ msg: "call answered by fallback", callId: parsed.call.callId, reason }),
  );
  return c.json(answerBody(parsed.call, refusal(parsed.call, reason), null, regionOf(c)));
}
