/**
 * Every decision leaves one JSON log line and one event on the EVENTS queue (the
 * control plane consumes it idempotently by `id`). Both carry the same fields;
 * sending never delays or fails the answer. Schema: docs/edge.md, "Events".
 */
import { recordEvent } from "../record-event.ts";
import type { Decision } from "./decide.ts";
import type { CallRequest } from "./schema.ts";

export interface DecisionEvent {
  type: "call.decision";
  /** Unique per decision: the consumer's idempotency key. */
  id: string;
  /** When the edge decided (ISO 8601, UTC). */
  ts: string;
  /** The same instant as `ts`: the control plane's consumer reads this name (docs/edge.md). */
  at: string;
  callId: string;
  carrier: string;
  tenant: string | null;
  kind: CallRequest["kind"];
  direction: CallRequest["direction"];
  /** The number whose rules apply: the DID (PBX) or the subscriber (mobile). */
  did: string;
  /** ISO code of the call's home country (else the caller's), when known. */
  country: string | null;
  event: CallRequest["event"]["type"];
  /** The PBX or MobilePlan bundle that decided; null when none ran. */
  bundle: string | null;
  /** The PBX node, or the mobile rule, that produced the answer. */
  node: string | null;
  /** The first action's type, or "none" when the answer has no actions. */
  outcome: string;
  region: string;
  decisionUs: number;
  fallback: boolean;
  reason: string | null;
}

export interface DecisionPlace {
  carrier: string;
  did: string;
  region: string;
  country: string | null;
}

export function decisionEvent(
  call: CallRequest,
  decision: Decision,
  { carrier, did, region, country }: DecisionPlace,
): DecisionEvent {
  const ts = new Date().toISOString();
  return {
    type: "call.decision",
    id: crypto.randomUUID(),
    ts,
    at: ts,
    callId: call.callId,
    carrier,
    tenant: decision.tenant,
    kind: call.kind,
    direction: call.direction,
    did,
    country,
    event: call.event.type,
    bundle: decision.bundle,
    node: decision.node,
    outcome: decision.actions[0]?.type ?? "none",
    region,
    decisionUs: decision.decisionUs,
    fallback: decision.fallback,
    reason: decision.reason ?? null,
  };
}

export function recordDecision(
  events: Queue,
  waitUntil: (work: Promise<unknown>) => void,
  event: DecisionEvent,
): void {
  recordEvent(events, waitUntil, event);
}
