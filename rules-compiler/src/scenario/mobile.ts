/**
 * Scenario files of a MobilePlan: the subscribers (as the control plane imports them) and calls
 * to or from them, each with the one answer the engine must give (SPEC §4: a mobile call gets
 * one answer) and the rule that decided it. Run on the real engine with the plan's bundle and
 * the subscriber shards the encoder makes of `subscribers`, as the edge runs them.
 */
import {
  type Action,
  type MobileDecision,
  MobileEngine,
  type MobileRuleName,
  type ShardBytes,
} from "@switchboard/wasm";
import { z } from "zod";
import { loadEngineModule } from "../call.ts";
import type { Diagnostic } from "../diagnostic.ts";
import { SubscriberSettingsSchema } from "../kinds/subscribers/schema.ts";
import { encodeSubscriberShard, shardKeyOf, shardSubscribers } from "../kinds/subscribers/shard.ts";
import type { Path, SourceFile } from "../parse.ts";
import { sha256Hex } from "../sha256.ts";
import { comparePartial } from "./compare.ts";
import { reportIssues } from "./issues.ts";
import type { Where } from "./read.ts";
import { DEFAULT_AT, Instant, ScenarioCode } from "./schema.ts";

const RULES = [
  "not_subscriber",
  "blocklist",
  "do_not_disturb",
  "forward_unconditional",
  "subscriber",
  "barred_premium",
  "barred_international",
  "outbound",
] as const satisfies readonly MobileRuleName[];

const e164 = z
  .string()
  .regex(/^\+[1-9][0-9]{7,14}$/, "expected an E.164 number: '+' and 8–15 digits");
const Party = z
  .string()
  .regex(
    /^(anonymous|\+[1-9][0-9]{7,14}|[0-9]{2,6})$/,
    "expected an E.164 number, a 2–6 digit short code or anonymous",
  );

const MobileCallSchema = z.strictObject({
  at: Instant.optional().describe("when the call happens; default 2026-01-05T12:00:00Z"),
  direction: z
    .enum(["inbound", "outbound"])
    .optional()
    .describe("inbound: `to` is the subscriber; outbound: `from` is"),
  from: Party.optional(),
  to: Party.optional(),
});

const forward = z.strictObject({
  busy: e164.optional(),
  noAnswer: e164.optional(),
  unreachable: e164.optional(),
});
const PartialMobileAction = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("connect"),
    to: z.array(z.string()).optional(),
    strategy: z.enum(["simultaneous", "sequential"]).optional(),
    timeoutSec: z.int().min(0).optional(),
    forward: forward.optional(),
  }),
  z.strictObject({
    type: z.literal("reject"),
    reason: z.enum(["busy", "rejected", "unavailable"]).optional(),
  }),
]);

const MobileScenarioSchema = MobileCallSchema.extend({
  name: z.string().min(1),
  expect: z.strictObject({
    rule: z.enum(RULES).optional().describe("the rule that decided (meta.node at the edge)"),
    action: PartialMobileAction.optional().describe("the one answer; only the fields written"),
  }),
});

export const MobileScenarioFileSchema = z.strictObject({
  rules: z.string().min(1).optional().describe("the rule file, relative to this file"),
  subscribers: z
    .array(SubscriberSettingsSchema)
    .min(1)
    .describe("the carrier's subscribers, as imported through the control plane"),
  defaults: MobileCallSchema.optional(),
  scenarios: z.array(MobileScenarioSchema).min(1),
});
type MobileScenarioFile = z.output<typeof MobileScenarioFileSchema>;

export interface MobileScenario {
  name: string;
  where: Where;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  at: Date;
  expect: z.output<typeof MobileScenarioSchema>["expect"];
}

export interface MobileOutcome {
  scenario: MobileScenario;
  /** diff lines; empty when the engine answered as expected */
  problems: string[];
  actual?: MobileDecision;
}

/** The scenarios of a MobilePlan's scenario file, checked, with their defaults applied. */
export function readMobileScenarios(
  src: SourceFile,
):
  | { ok: true; file: MobileScenarioFile; scenarios: MobileScenario[] }
  | { ok: false; diagnostics: Diagnostic[] } {
  const parsed = MobileScenarioFileSchema.safeParse(src.data);
  if (!parsed.success) {
    reportIssues(src, MobileScenarioFileSchema, parsed.error.issues);
    return { ok: false, diagnostics: src.diagnostics };
  }
  const file = parsed.data;
  const subscribers = new Set(file.subscribers.map((s) => s.number));
  const where = (path: Path): Where => {
    const at = src.locate(path);
    return src.position((at.key ?? at.value)[0]);
  };
  const scenarios = file.scenarios.map((s, i): MobileScenario => {
    const at: Path = ["scenarios", i];
    const direction = s.direction ?? file.defaults?.direction;
    const from = s.from ?? file.defaults?.from;
    const to = s.to ?? file.defaults?.to;
    for (const [field, value] of [
      ["direction", direction],
      ["from", from],
      ["to", to],
    ] as const) {
      if (value !== undefined) continue;
      src.report(
        ScenarioCode.missingField,
        "error",
        `scenario "${s.name}" has no \`${field}\``,
        src.locate([...at, "name"]).value,
        { hint: `add \`${field}:\` here or under \`defaults:\`` },
      );
    }
    const subscriber = direction === "outbound" ? from : to;
    if (
      subscriber !== undefined &&
      !subscribers.has(subscriber) &&
      s.expect.rule !== "not_subscriber"
    ) {
      const field = direction === "outbound" ? "from" : "to";
      src.report(
        ScenarioCode.numberNotRouted,
        "warning",
        `${subscriber} is not among \`subscribers\`, so the engine answers not_subscriber`,
        src.locate(s[field] === undefined ? ["defaults", field] : [...at, field]).value,
        { hint: "add the number under `subscribers:`, or expect `rule: not_subscriber`" },
      );
    }
    return {
      name: s.name,
      where: where([...at, "name"]),
      direction: direction ?? "inbound",
      from: from ?? "anonymous",
      to: to ?? "",
      at: new Date(s.at ?? file.defaults?.at ?? DEFAULT_AT),
      expect: s.expect,
    };
  });
  if (!src.ok) return { ok: false, diagnostics: src.diagnostics };
  return { ok: true, file, scenarios };
}

/** Runs each scenario on the engine with the plan's bundle and the subscribers' shards. */
export async function runMobileScenarios(
  bundle: Uint8Array,
  plan: { tenant: string; name: string; timezone: string },
  file: MobileScenarioFile,
  scenarios: readonly MobileScenario[],
): Promise<MobileOutcome[]> {
  const engine = MobileEngine.load(await loadEngineModule(), bundle);
  const shards = new Map<string, ShardBytes>();
  for (const [key, subscribers] of shardSubscribers(file.subscribers)) {
    const bytes = encodeSubscriberShard({
      tenant: plan.tenant,
      plan: plan.name,
      timezone: plan.timezone,
      subscribers,
    });
    shards.set(key, { hash: sha256Hex(bytes), bytes });
  }
  return scenarios.map((scenario) => {
    const { direction, from, to, at } = scenario;
    const subscriber = direction === "outbound" ? from : to;
    // A number with no shard of its own is looked up in another: the engine finds no record.
    const key = /^\+[1-9][0-9]{7,14}$/.test(subscriber) ? shardKeyOf(subscriber) : "";
    const shard = shards.get(key) ?? (shards.values().next().value as ShardBytes);
    let actual: MobileDecision;
    try {
      actual = engine.decide({ direction, from, to, at }, shard);
    } catch (error) {
      return {
        scenario,
        problems: [`engine error: ${error instanceof Error ? error.message : String(error)}`],
      };
    }
    const problems: string[] = [];
    if (scenario.expect.rule !== undefined && scenario.expect.rule !== actual.rule)
      problems.push(`rule: expected ${scenario.expect.rule}, got ${actual.rule}`);
    if (scenario.expect.action !== undefined)
      comparePartial(scenario.expect.action, actual.action as Action, "action", problems);
    return { scenario, problems, actual };
  });
}
