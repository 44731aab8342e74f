/** The carrier's side of the webhook, inside workerd: sign a body and post it to the edge. */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { OPEN } from "./store.ts";

export const CARRIER = { id: "test-carrier", secret: "test-carrier-secret" };

export interface Signing {
  carrier?: string;
  secret?: string;
  /** Unix seconds the signature claims; now by default. */
  t?: number;
  /** Replaces the whole signature header; null leaves it out. */
  signature?: string | null;
}

export async function signatureHeader(secret: string, raw: string, t: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${raw}`)),
  );
  return `t=${t},v1=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Posts `body` (an object, or a raw string sent as is) signed as `signing` says. */
export async function postCall(body: unknown, signing: Signing = {}): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  headers["x-switchboard-carrier"] = signing.carrier ?? CARRIER.id;
  const signature =
    signing.signature === undefined
      ? await signatureHeader(
          signing.secret ?? CARRIER.secret,
          raw,
          signing.t ?? Math.floor(Date.now() / 1000),
        )
      : signing.signature;
  if (signature !== null) headers["x-switchboard-signature"] = signature;
  return exports.default.fetch(
    new Request("http://edge.test/v1/calls", { method: "POST", headers, body: raw }),
  );
}

/** The answer body of SPEC §4, as the tests read it. */
export interface CallAnswer {
  callId: string;
  actions: Array<{ type: string } & Record<string, unknown>>;
  state: string | null;
  meta: {
    bundle: string | null;
    node: string | null;
    region: string;
    decisionUs: number;
    fallback: boolean;
    reason?: string;
  };
}

export interface ErrorAnswer {
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

let calls = 0;
/** A call id no other test uses. */
export function newCallId(): string {
  calls += 1;
  return `call-${calls}-${crypto.randomUUID().slice(0, 8)}`;
}

let numbers = 0;
/** A DID no other test uses, so isolate caches never leak between tests. */
export function newNumber(): string {
  numbers += 1;
  return `+4681${String(Date.now() % 1_000_000).padStart(6, "0")}${String(numbers).padStart(3, "0")}`;
}

/** Stores a carrier's active secrets, as onboarding a carrier does. */
export async function registerCarrier(id: string, secrets: string[]): Promise<void> {
  await env.EDGE_KV.put(`carrier/${id}`, JSON.stringify({ secrets }));
}

type Event = Record<string, unknown> & { type: string };

/** One call to `to`, carrying the state from each answer into the next webhook. */
export function callTo(to: string, callId = newCallId()) {
  let state: string | null = null;
  return {
    callId,
    /** Sends `event` (at opening time unless `extra` says otherwise); expects a 200. */
    async send(event: Event, extra: Record<string, unknown> = {}): Promise<CallAnswer> {
      const body = {
        callId,
        kind: "pbx",
        from: "+46701234567",
        to,
        direction: "inbound",
        event,
        ...(state ? { state } : {}),
        timestamp: OPEN,
        ...extra,
      };
      const response = await postCall(body);
      expect(response.status, await response.clone().text()).toBe(200);
      const answer = (await response.json()) as CallAnswer;
      state = answer.state;
      return answer;
    },
    get state() {
      return state;
    },
  };
}

export async function errorOf(response: Response, status: number): Promise<ErrorAnswer["error"]> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorAnswer).error;
}
