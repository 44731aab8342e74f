/**
 * Every decision leaves one JSON log line and one event on the EVENTS queue (the
 * control plane consumes it idempotently by `id`). Sending never delays or fails
 * the answer.
 */
import type { Decision } from "./decide.ts";
import type { CallRequest } from "./schema.ts";

export interface DecisionEvent {
  type: "call.decision";
  /** Unique per decision: the consumer's idempotency key. */
  id: string;
  at: string;
  callId: string;
  carrier: string;
  tenant: string | null;
  did: string;
  kind: CallRequest["kind"];
  event: CallRequest["event"]["type"];
  bundle: string | null;
  node: string | null;
  /** The first action's type, or "none" when the call ends with no actions. */
  outcome: string;
  region: string;
  decisionUs: number;
  fallback: boolean;
  reason: string | null;
}

export function decisionEvent(
  call: CallRequest,
  decision: Decision,
  carrier: string,
  did: string,
  region: string,
): DecisionEvent {
  return {
    type: "call.decision",
    id: crypto.randomUUID(),
    at: new Date().toISOString(),
    callId: call.callId,
    carrier,
    tenant: decision.tenant,
    did,
    kind: call.kind,
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
  const { callId, carrier, tenant, bundle, node, outcome, decisionUs, fallback, reason } = event;
  console.log(
    JSON.stringify({
      callId,
      carrier,
      tenant,
      bundle,
      node,
      outcome,
      decisionUs,
      fallback,
      reason,
    }),
  );
  const lost = (error: unknown) =>
    console.error(JSON.stringify({ msg: "event not sent", id: event.id, error: String(error) }));
  try {
    waitUntil(events.send(event).catch(lost));
  } catch (error) {
    // A missing binding or execution context throws synchronously; still answer.
    lost(error);
  }
}
