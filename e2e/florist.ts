// The florist's shop line (rules/examples/florist.yaml) as e2e tests call it: a PBX call from
// one caller to the shop's number, inside opening hours unless the test says otherwise.
import type { Stack } from "../local/stack.ts";
import { type CarrierCredentials, postCall } from "../local/webhook.ts";

export const shopNumber = "+46812345678";
// A Wednesday at 10:00 and at 22:00 in Stockholm (UTC+1 in November).
export const open = "2026-11-25T09:00:00Z";
export const closed = "2026-11-25T21:00:00Z";

/** Posts one signed webhook of call `callId` to the shop; `extra` adds to or overrides the body. */
export function callShop(
  stack: Stack,
  carrier: CarrierCredentials,
  callId: string,
  event: object,
  extra: Record<string, unknown> = {},
) {
  return postCall(stack.edgeUrl, carrier, {
    callId,
    kind: "pbx",
    from: "+46701112233",
    to: shopNumber,
    direction: "inbound",
    event,
    ...extra,
  });
}
