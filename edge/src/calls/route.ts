/** `POST /v1/calls`: the call-control webhook (SPEC §4) for PBX and mobile calls. */
import { engineModule } from "@switchboard/wasm/worker";
import { type Context, Hono } from "hono";
import { bodyLimit } from "../body-limit/index.ts";
import { Budget } from "../budget.ts";
import { type CarrierAuthEnv, carrierAuth } from "../carrier-auth/index.ts";
import { type CallCountries, callCountries, emergencyNumber } from "../country/index.ts";
import type { FallbackReason } from "../fallback.ts";
import { decideMobile } from "../mobile/decide.ts";
import { regionOf } from "../region.ts";
import { addMetric } from "../server-timing/index.ts";
import { readState, signState } from "../state-token/index.ts";
import { countryLookup, emergencyDecision, emergencyIn, withCountryFallback } from "./country.ts";
import { type DecideContext, type Decision, decideNext, decideStart, refusal } from "./decide.ts";
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
  bodyLimit(64),
  carrierAuth({ onStoreFault: (c) => safeAnswer(c, "carrier_store_unavailable") }),
  async (c) => {
    const receivedAt = new Date();
    const parsed = parseCall(await c.req.text());
    if (!parsed.ok) return invalidBody(c, parsed);
    const call = parsed.call;
    const at = call.timestamp ? new Date(call.timestamp) : receivedAt;
    return respond(c, call, () => decideByRules(c, call, at));
  },
);

/**
 * Emergency numbers first, then the rules; a refusal for want of rules becomes
 * the country's fallback. Nothing unexpected reaches the carrier as a 5xx.
 */
async function respond(
  c: Context<CallsEnv>,
  call: CallRequest,
  rules: () => Promise<Decision | Response>,
  record = true,
): Promise<Response> {
  const did = didOf(call);
  let countries: CallCountries = { caller: null, home: null };
  try {
    const lookup = countryLookup(c.env.EDGE_KV, (work) => c.executionCtx.waitUntil(work));
    countries = await callCountries(lookup, call.from, did);
    const emergency = emergencyNumber(call.to, [countries.caller, countries.home]);
    if (emergency) return answer(c, call, did, emergencyDecision(call, emergency), null, countries);
    const decided = await rules();
    if (decided instanceof Response) return decided;
    const decision = withCountryFallback(decided, countries, call.event);
    const state = decision.next && signState(c.env.STATE_SECRET, decision.next);
    return answer(c, call, did, decision, state, countries, record);
  } catch (error) {
    console.error(
      JSON.stringify({ msg: "call route failed", callId: call.callId, error: String(error) }),
    );
    const decision = withCountryFallback(refusal(call, "internal_error"), countries, call.event);
    return answer(c, call, did, decision, null, countries, record);
  }
}

/** The number's rules: a mobile plan, or the PBX bundle (pinned by the token after start). */
async function decideByRules(
  c: Context<CallsEnv>,
  call: CallRequest,
  at: Date,
): Promise<Decision | Response> {
  const did = didOf(call);
  const ctx: DecideContext = {
    kv: c.env.EDGE_KV,
    module: engineModule,
    budget: new Budget(DECISION_BUDGET_MS, KV_READ_MS),
    queues: c.env.CALL_QUEUE,
    timing: (name: string, ms: number) => addMetric(c, name, ms),
    emergencyIn: (country: string) => emergencyIn(call, country),
  };
  // Mobile calls get one answer and no state: every event is decided afresh.
  if (call.kind === "mobile") return decideMobile(ctx, call, at);
  if (call.event.type === "start") return decideStart(ctx, call, did, at);
  if (!call.state) {
    return badState(
      c,
      "state_required",
      `A ${call.event.type} event needs the state from the previous answer.`,
    );
  }
  const check = readState(c.env.STATE_SECRET, call.state, { callId: call.callId, did });
  if (!check.ok) return badState(c, check.code, check.message);
  return decideNext(ctx, call, check.state, at);
}

function answer(
  c: Context<CallsEnv>,
  call: CallRequest,
  did: string,
  decision: Decision,
  state: string | null,
  countries: CallCountries,
  record = true,
): Response {
  const region = regionOf(c.req.raw, c.env);
  if (record) {
    const country = countries.home?.code ?? countries.caller?.code ?? null;
    recordDecision(
      c.env.EVENTS,
      (work) => c.executionCtx.waitUntil(work),
      decisionEvent(call, decision, { carrier: c.var.carrier, did, region, country }),
    );
  }
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

/**
 * A fault before any rules could run (the carrier store is unreadable, or
 * something threw outside the decision): a valid body still gets a safe answer
 * (an emergency call is still connected), not a 5xx. No event is recorded, as
 * the carrier may not be verified.
 */
async function safeAnswer(c: Context<CallsEnv>, reason: FallbackReason): Promise<Response> {
  const parsed = parseCall(await c.req.text());
  if (!parsed.ok) return invalidBody(c, parsed);
  const call = parsed.call;
  console.error(JSON.stringify({ msg: "call answered by fallback", callId: call.callId, reason }));
  return respond(c, call, async () => refusal(call, reason), false);
}
