// The carrier's side of SPEC §4: how a carrier signs and posts a call-control
// webhook. Used by the `call` CLI, the e2e tests and the benchmarks.
import { createHmac } from "node:crypto";
import type { Action } from "@switchboard/wasm";

export interface CarrierCredentials {
  id: string;
  secret: string;
}

/** The edge's answer (SPEC §4): a decision on 200, `error` on 400 / 401. */
export interface CallAnswer {
  callId: string;
  actions: Action[];
  state: string | null;
  meta: {
    bundle: string | null;
    node: string | null;
    region: string;
    decisionUs: number;
    fallback: boolean;
    reason?: string;
  };
  error?: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export function webhookHeaders(
  carrier: CarrierCredentials,
  rawBody: string,
  now = Date.now(),
): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-switchboard-carrier": carrier.id,
    "x-switchboard-signature": signatureHeader(carrier.secret, rawBody, Math.floor(now / 1000)),
  };
}

export async function postCall(
  edgeUrl: string,
  carrier: CarrierCredentials,
  body: unknown,
): Promise<{ status: number; headers: Headers; json: CallAnswer }> {
  const raw = JSON.stringify(body);
  const res = await fetch(new URL("/v1/calls", edgeUrl), {
    method: "POST",
    headers: webhookHeaders(carrier, raw),
    body: raw,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as CallAnswer };
}
