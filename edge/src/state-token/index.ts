/**
 * The continuation token: what one call must remember between webhooks, signed so
 * a carrier cannot change it. `<base64url(JSON)>.<base64url(HMAC-SHA256)>`; the
 * JSON keys are one letter to keep the token short.
 */
import { z } from "zod";
import { openToken, signToken } from "../signed-token.ts";

export interface CallState {
  /** The bundle the call started on: it stays on it (SPEC §4). */
  bundle: string;
  /** The node the call waits at, and that node's retry counter. */
  node: number;
  retry: number;
  callId: string;
  /** The number whose rules answer the call. */
  did: string;
  /** When the call joined the PBX queue it waits in (unix ms; see docs/edge.md, queues). */
  queuedAt?: number | undefined;
}

const payload = z.object({
  v: z.literal(1),
  b: z.string().regex(/^[0-9a-f]{64}$/),
  n: z.number().int().nonnegative(),
  r: z.number().int().nonnegative(),
  c: z.string(),
  d: z.string(),
  e: z.number().int(),
  q: z.number().int().nonnegative().optional(),
});

export const STATE_TTL_SEC = 3600;

export type StateRefusal = "state_invalid" | "state_expired" | "state_wrong_call";

export type StateCheck =
  | { ok: true; state: CallState }
  | { ok: false; code: StateRefusal; message: string };

export function signState(
  secret: string,
  state: CallState,
  now = Date.now(),
  ttlSec = STATE_TTL_SEC,
): string {
  return signToken(secret, {
    v: 1,
    b: state.bundle,
    n: state.node,
    r: state.retry,
    c: state.callId,
    d: state.did,
    e: Math.floor(now / 1000) + ttlSec,
    ...(state.queuedAt === undefined ? {} : { q: state.queuedAt }),
  });
}

/** Checks the signature, the expiry and that the token belongs to this call. */
export function readState(
  secret: string,
  token: string,
  expect: { callId: string; did: string },
  now = Date.now(),
): StateCheck {
  const invalid: StateCheck = {
    ok: false,
    code: "state_invalid",
    message:
      "state is not a token this edge issued; send the state from the previous answer unchanged.",
  };
  const parsed = payload.safeParse(openToken(secret, token));
  if (!parsed.success) return invalid;
  const p = parsed.data;
  if (p.e * 1000 <= now) {
    return {
      ok: false,
      code: "state_expired",
      message: `state expired at ${new Date(p.e * 1000).toISOString()}; a call's state lives ${STATE_TTL_SEC} s.`,
    };
  }
  if (p.c !== expect.callId || p.d !== expect.did) {
    return {
      ok: false,
      code: "state_wrong_call",
      message: "state belongs to another call; send the state from this call's previous answer.",
    };
  }
  const state = { bundle: p.b, node: p.n, retry: p.r, callId: p.c, did: p.d };
  return { ok: true, state: p.q === undefined ? state : { ...state, queuedAt: p.q } };
}
