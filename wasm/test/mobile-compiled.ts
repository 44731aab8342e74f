// Real mobile inputs for the tests: MobilePlan rule files compiled by
// @switchboard/rules-compiler and subscriber shards from its encoder.
import { readFileSync } from "node:fs";
import {
  encodeSubscriberShard,
  type SubscriberSettings,
  sha256Hex,
} from "@switchboard/rules-compiler";
import { MobileEngine, type ShardBytes } from "../src/index.ts";
import { bundleOf, engineModule } from "./compiled.ts";

export const telcoSource = readFileSync(
  new URL("../../rules/mobile/telco-se.yaml", import.meta.url),
  "utf8",
);

/** A plan like the example's, with barring and defaults as given (YAML lines under spec:). */
export function planSource(spec: string): string {
  return `apiVersion: switchboard/v1
kind: MobilePlan
metadata: { name: plan, tenant: telco }
spec:
  country: SE
  callingCode: "46"
  timezone: Europe/Stockholm
${spec}`;
}

export function mobileEngineOf(source = telcoSource): MobileEngine {
  return MobileEngine.load(engineModule, bundleOf(source));
}

export function shardOf(subscribers: SubscriberSettings[]): ShardBytes {
  const bytes = encodeSubscriberShard({
    tenant: "nordtel",
    plan: "telco-se",
    timezone: "Europe/Stockholm",
    subscribers,
  });
  return { hash: sha256Hex(bytes), bytes };
}

/** Monday 2026-11-23 11:00 in Stockholm. */
export const MONDAY_DAY = new Date("2026-11-23T10:00:00Z");
/** Monday 2026-11-23 23:30 in Stockholm. */
export const MONDAY_NIGHT = new Date("2026-11-23T22:30:00Z");
