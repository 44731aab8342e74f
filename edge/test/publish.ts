/**
 * Publishes Country files, mobile plans and subscriber shards into the edge's
 * KV exactly as the control plane does (docs/edge.md, "KV keys"): immutable
 * bytes under `bundle/<sha256>` first, then the small pointers that name them.
 */
import { env } from "cloudflare:workers";
import {
  compile,
  encodeSubscriberShard,
  type SubscriberSettings,
  sha256Hex,
  shardKeyOf,
} from "@switchboard/rules-compiler";

function compiled(source: string): { hash: string; bundle: Uint8Array } {
  const result = compile(source);
  if (!result.ok) throw new Error(`does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result;
}

/** Publishes a Country file: its bundle, `country/<CC>`, and its calling code in `country-index`. */
export async function publishCountry(source: string): Promise<string> {
  const { hash, bundle } = compiled(source);
  const code = /name:\s*([A-Z]{2})/.exec(source)?.[1] ?? "";
  const callingCode = /callingCode:\s*"(\d+)"/.exec(source)?.[1] ?? "";
  await env.EDGE_KV.put(`bundle/${hash}`, bundle);
  await env.EDGE_KV.put(`country/${code}`, JSON.stringify({ bundle: hash }));
  const index = (await env.EDGE_KV.get<Record<string, string>>("country-index", "json")) ?? {};
  await env.EDGE_KV.put("country-index", JSON.stringify({ ...index, [callingCode]: code }));
  return hash;
}

/** A Country file (YAML) with the given code, calling code and emergency numbers. */
export function countrySource(code: string, callingCode: string, emergency: string[]): string {
  return `apiVersion: switchboard/v1
kind: Country
metadata: { name: ${code} }
spec:
  callingCode: "${callingCode}"
  emergencyNumbers: ${JSON.stringify(emergency)}
  timezone: Europe/Stockholm
  languages: [en-GB]
  currency: EUR
  dataRegion: eu
  fallback:
    - { type: play, prompt: { tts: "Please call again later." } }
    - { type: reject, reason: unavailable }
`;
}

export interface PublishedPlan {
  plan: string;
  shard: string;
  key: string;
}

/** Publishes a MobilePlan and the shard of `subscribers` (one shard: same prefix). */
export async function publishSubscribers(
  planSource: string,
  subscribers: SubscriberSettings[],
): Promise<PublishedPlan> {
  const plan = compiled(planSource);
  const shardBytes = encodeSubscriberShard({
    tenant: "nordtel",
    plan: "telco-se",
    timezone: "Europe/Stockholm",
    subscribers,
  });
  const shard = sha256Hex(shardBytes);
  const key = shardKeyOf(subscribers[0]?.number ?? "");
  await env.EDGE_KV.put(`bundle/${plan.hash}`, plan.bundle);
  await env.EDGE_KV.put(`bundle/${shard}`, shardBytes);
  await env.EDGE_KV.put(key, JSON.stringify({ bundle: shard, plan: plan.hash, tenant: "nordtel" }));
  return { plan: plan.hash, shard, key };
}

let prefixes = 0;
/** A shard prefix (E.164 minus two digits) no other test uses. */
export function newPrefix(): string {
  prefixes += 1;
  return `+467${String(Date.now() % 100_000).padStart(5, "0")}${String(prefixes).padStart(2, "0")}`;
}
