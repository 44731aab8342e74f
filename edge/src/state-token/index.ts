/**
 * The continuation token: what one call must remember between webhooks, signed so
 * a carrier cannot change it. `<base64url(JSON)>.<base64url(HMAC-SHA256)>`; the
 * JSON keys are one letter to keep the token short.
 */
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

/** What a token carries: one-letter keys keep it short. */
interface Payload {
  v: 1;
  b: string;
  n: number;
  r: number;
  c: string;
  d: string;
  e: number;
  q?: number;
}

const HASH = /^[0-9a-f]{64}$/;
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** Checked by hand, not zod: it runs on every webhook after the first of a call. */
function asPayload(json: unknown): Payload | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const p = json as Record<string, unknown>;
  const valid =
    p.v === 1 &&
    typeof p.b === "string" &&
    HASH.test(p.b) &&
    isCount(p.n) &&
    isCount(p.r) &&
    typeof p.c === "string" &&
    typeof p.d === "string" &&
    Number.isSafeInteger(p.e) &&
    (p.q === undefined || isCount(p.q));
  return valid ? (p as unknown as Payload) : undefined;
}

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
  const p = asPayload(openToken(secret, token));
  if (!p) return invalid;
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
