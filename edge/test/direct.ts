/**
 * Calls the Worker's fetch directly with its real bindings, some replaced for
 * one request: a KV that throws, stalls or counts reads (Cloudflare's KV faked,
 * not our product), and an events queue that keeps what is sent.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../src/index.ts";
import { CARRIER, signatureHeader } from "./webhook.ts";

export type KvMode = "throws" | "stalls";

/** `kv` whose reads fail as `mode` says; writes and everything else pass through. */
export function brokenKv(kv: KVNamespace, mode: KvMode): KVNamespace {
  const get = () =>
    mode === "throws"
      ? Promise.reject(new Error("KV GET failed: 503 Service Unavailable"))
      : new Promise<never>(() => {});
  return new Proxy(kv, {
    get: (target, name) => (name === "get" ? get : Reflect.get(target, name)),
  });
}

/** `kv` that records every key read. */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; reads: string[] } {
  const reads: string[] = [];
  const counted = new Proxy(kv, {
    get: (target, name) =>
      name === "get"
        ? (key: string, ...rest: unknown[]) => {
            reads.push(key);
            return (target.get as (...args: unknown[]) => unknown).call(target, key, ...rest);
          }
        : Reflect.get(target, name),
  });
  return { kv: counted, reads };
}

/** A queue producer that keeps what is sent, and how many messages each send carried. */
export function keptEvents(): { queue: Queue; sent: unknown[]; sends: number[] } {
  const sent: unknown[] = [];
  const sends: number[] = [];
  const queue = {
    send: async (body: unknown) => {
      sent.push(body);
      sends.push(1);
    },
    sendBatch: async (batch: Iterable<{ body: unknown }>) => {
      const before = sent.length;
      for (const message of batch) sent.push(message.body);
      sends.push(sent.length - before);
    },
  } as unknown as Queue;
  return { queue, sent, sends };
}

/**
 * The JSON log lines printed for `events` (matched by id), in order: the edge prints a batch's
 * lines in one call, one event per line, and an earlier test's batch may print meanwhile.
 */
export function loggedEvents(printed: unknown[][], events: unknown[]): unknown[] {
  const ids = new Set(events.map((event) => (event as { id?: string }).id));
  return printed
    .flatMap(([text]) => (typeof text === "string" ? text.split("\n") : []))
    .map((line) => {
      try {
        return JSON.parse(line) as { id?: string };
      } catch {
        return null;
      }
    })
    .filter((event) => event !== null && ids.has(event.id));
}

/** Posts a signed webhook to the Worker with `bindings` replacing the real ones. */
export async function postDirect(
  body: Record<string, unknown>,
  bindings: Partial<Env> = {},
  cf?: Record<string, unknown>,
  carrier = CARRIER,
): Promise<Response> {
  const raw = JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    "x-switchboard-carrier": carrier.id,
    "x-switchboard-signature": await signatureHeader(
      carrier.secret,
      raw,
      Math.floor(Date.now() / 1000),
    ),
  };
  const request = new Request("http://edge.test/v1/calls", {
    method: "POST",
    headers,
    body: raw,
    ...(cf ? { cf } : {}),
  });
  return fetchDirect(request, bindings);
}

/** Any request to the Worker with `bindings` replacing the real ones; waits for its waitUntil work. */
export async function fetchDirect(
  request: Request,
  bindings: Partial<Env> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
