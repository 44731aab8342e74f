/**
 * What the edge answers when no rules can: refuse the call as unavailable, so the
 * carrier can play its own announcement, and never leave it waiting on a 5xx.
 */
import type { Action } from "@switchboard/wasm";

/** Why an answer did not come from the number's own bundle; `meta.reason`. */
export type FallbackReason =
  | "unknown_number"
  | "unknown_subscriber"
  | "emergency"
  | "carrier_store_unavailable"
  | "kv_unavailable"
  | "pointer_invalid"
  | "bundle_missing"
  | "bundle_corrupt"
  | "engine_error"
  | "queue_unavailable"
  | "internal_error";

/** A hangup needs no actions whatever failed; anything else is refused. */
export function safeActions(event: { type: string }): Action[] {
  return event.type === "hangup" ? [] : [{ type: "reject", reason: "unavailable" }];
}
