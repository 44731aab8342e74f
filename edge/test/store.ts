/**
 * Seeds the edge's KV exactly as the control plane publishes: real compiler
 * output under `bundle/<sha256>` and a pointer under `did/<E164>`.
 */
import { env } from "cloudflare:workers";
import { compile } from "@switchboard/rules-compiler";
import { newNumber } from "./webhook.ts";

/** Monday 11:00 in Stockholm: the florist is open. */
export const OPEN = "2026-11-23T10:00:00Z";
/** Saturday 11:00 in Stockholm: the florist is closed. */
export const CLOSED = "2026-11-21T10:00:00Z";

/**
 * A florist's PBX: open weekdays 08–17 Stockholm time with a one-key menu, a
 * connect that goes to voicemail when busy, and a closed announcement.
 */
export function floristSource(number: string, greeting = "Welcome to the flower shop"): string {
  return `apiVersion: switchboard/v1
kind: Pbx
metadata: { name: shop, tenant: florist }
spec:
  country: SE
  timezone: Europe/Stockholm
  language: en-GB
  numbers: ["${number}"]
  entry: hours
  schedules:
    open:
      weekly: { mon-fri: ["08:00-17:00"] }
  nodes:
    hours: { type: schedule, schedule: open, open: main_menu, closed: closed }
    main_menu:
      type: menu
      prompt: { tts: "${greeting}. Press 1 for the shop." }
      options: { "1": shop }
    shop:
      type: connect
      to: ["+46701111111"]
      timeoutSec: 20
      onBusy: mailbox
    mailbox: { type: voicemail, mailbox: shop }
    closed: { type: play, prompt: { tts: "We are closed." } }
`;
}

export interface Published {
  hash: string;
  bytes: Uint8Array;
}

/** Compiles `source` and stores its bundle (the bytes may be replaced to fake corruption). */
export async function storeBundle(source: string, bytes?: Uint8Array): Promise<Published> {
  const result = compile(source, { file: "florist.yaml" });
  if (!result.ok) {
    throw new Error(`fixture does not compile: ${JSON.stringify(result.diagnostics)}`);
  }
  await env.EDGE_KV.put(`bundle/${result.hash}`, bytes ?? result.bundle);
  return { hash: result.hash, bytes: result.bundle };
}

/** Points `number` at `hash`, as publishing a version does. */
export async function pointNumber(
  number: string,
  hash: string,
  version = 1,
  canary: { bundle: string; version: number; percent: number } | null = null,
): Promise<void> {
  await env.EDGE_KV.put(
    `did/${number}`,
    JSON.stringify({ bundle: hash, tenant: "florist", ruleset: "shop", version, canary }),
  );
}

/** Compiles, stores and activates a florist PBX on a fresh number. */
export async function publishFlorist(greeting?: string): Promise<Published & { number: string }> {
  const number = newNumber();
  const published = await storeBundle(floristSource(number, greeting));
  await pointNumber(number, published.hash);
  return { ...published, number };
}
