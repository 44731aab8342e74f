/**
 * Subscriber shards (docs/bundle-format.md, kind 5): per-subscriber settings published as small
 * tables, one per `sub/<number without its last two digits>` key, so at most 100 subscribers
 * each and a lookup reads one small value. Records are sorted by number for binary search.
 */
import type { z } from "zod";
import { BundleKind, encodeBundle, Section, tableSections, words } from "../../codegen.ts";
import { E164Schema, SlugSchema } from "../../schema.ts";
import { NONE, Tables } from "../../tables.ts";
import { weekIntervals } from "../../week.ts";
import { type SubscriberSettings, SubscriberSettingsSchema } from "./schema.ts";

export const SHARD_MAX_SUBSCRIBERS = 100;
const MAX_TIMEZONES = 8;

export interface SubscriberShardInput {
  /** the carrier's tenant */
  tenant: string;
  /** the MobilePlan's `metadata.name` */
  plan: string;
  /** the plan's time zone: for do-not-disturb schedules that name none */
  timezone?: string;
  subscribers: readonly SubscriberSettings[];
}

export interface ShardIssue {
  /** index into `subscribers`, or -1 for the shard itself */
  index: number;
  path: (string | number)[];
  message: string;
}

/** Bad input to `encodeSubscriberShard`: every problem found, not only the first. */
export class SubscriberShardError extends Error {
  constructor(readonly issues: ShardIssue[]) {
    super(
      `subscriber shard refused: ${issues
        .slice(0, 5)
        .map(
          (i) =>
            `${i.index >= 0 ? `subscribers[${i.index}]` : "shard"}${i.path.map((p) => `.${p}`).join("")}: ${i.message}`,
        )
        .join("; ")}${issues.length > 5 ? `; and ${issues.length - 5} more` : ""}`,
    );
    this.name = "SubscriberShardError";
  }
}

/** `+46701234567` → `sub/+467012345`. Throws on a number that is not E.164. */
export function shardKeyOf(number: string): string {
  if (!E164Schema.safeParse(number).success) {
    throw new Error(
      `not an E.164 number: ${JSON.stringify(number)} (expected '+' and 8–15 digits)`,
    );
  }
  return `sub/${number.slice(0, -2)}`;
}

/** Groups subscribers by shard key (keys in sorted order), ready for `encodeSubscriberShard`. */
export function shardSubscribers(
  subscribers: readonly SubscriberSettings[],
): Map<string, SubscriberSettings[]> {
  const shards = new Map<string, SubscriberSettings[]>();
  for (const s of subscribers) {
    const key = shardKeyOf(s.number);
    shards.set(key, [...(shards.get(key) ?? []), s]);
  }
  return new Map([...shards].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The shard table of subscribers sharing one key. Same subscribers (in any order), same bytes.
 * Throws `SubscriberShardError` listing every bad record: an invalid row, numbers of different
 * shards, a number twice, a do-not-disturb schedule with no time zone, more than 8 time zones.
 */
export function encodeSubscriberShard(input: SubscriberShardInput): Uint8Array {
  const issues: ShardIssue[] = [];
  const shardIssue = (path: string[], message: string) => issues.push({ index: -1, path, message });
  for (const field of ["tenant", "plan"] as const) {
    if (!SlugSchema.safeParse(input[field]).success) {
      shardIssue(
        [field],
        `expected lowercase letters, digits, '_' or '-', got ${JSON.stringify(input[field])}`,
      );
    }
  }
  const count = input.subscribers.length;
  if (count < 1 || count > SHARD_MAX_SUBSCRIBERS) {
    shardIssue(
      ["subscribers"],
      `a shard holds 1 to ${SHARD_MAX_SUBSCRIBERS} subscribers, got ${count}`,
    );
  }

  const rows: z.output<typeof SubscriberSettingsSchema>[] = [];
  const firstIndex = new Map<string, number>();
  let prefix: string | undefined;
  input.subscribers.forEach((raw, index) => {
    const issue = (path: (string | number)[], message: string) =>
      issues.push({ index, path, message });
    // The number is checked on its own, so a duplicate or a stray is told even in a bad row.
    const number = E164Schema.safeParse(raw.number).data;
    if (number !== undefined) {
      const own = number.slice(0, -2);
      prefix ??= own;
      if (own !== prefix)
        issue(["number"], `${number} belongs to shard sub/${own}, not sub/${prefix}`);
      const first = firstIndex.get(number);
      if (first !== undefined) issue(["number"], `${number} is also subscribers[${first}]`);
      else firstIndex.set(number, index);
    }
    const parsed = SubscriberSettingsSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issue(i.path as (string | number)[], i.message);
      return;
    }
    const row = parsed.data;
    if (row.dnd && row.dnd.timezone === undefined && input.timezone === undefined) {
      issue(["dnd", "timezone"], "no time zone: set dnd.timezone or the shard's timezone");
    }
    rows.push(row);
  });
  if (issues.length > 0) throw new SubscriberShardError(issues);

  rows.sort((a, b) => (a.number < b.number ? -1 : 1));
  const t = new Tables();
  const timezones: string[] = [];
  const zone = (name: string) => {
    const at = timezones.indexOf(name);
    return at >= 0 ? at : timezones.push(name) - 1;
  };
  const head = [t.str(input.tenant), t.str(input.plan), t.str(prefix ?? "")];
  const records = rows.flatMap((row) => {
    const f = row.forwarding ?? {};
    const intervals = row.dnd ? weekIntervals(row.dnd.weekly).flat() : [];
    const blocklist = [...new Set(row.blocklist ?? [])].sort();
    return [
      t.str(row.number),
      t.optStr(f.unconditional),
      t.optStr(f.busy),
      t.optStr(f.noAnswer),
      t.optStr(f.unreachable),
      row.noAnswerTimeoutSec ?? 0,
      row.dnd && intervals.length > 0
        ? t.schedule(zone(row.dnd.timezone ?? input.timezone ?? ""), intervals, [])
        : NONE,
      blocklist.length > 0 ? t.strList(blocklist) : NONE,
    ];
  });
  if (timezones.length > MAX_TIMEZONES) {
    throw new SubscriberShardError([
      {
        index: -1,
        path: ["subscribers"],
        message: `${timezones.length} do-not-disturb time zones; at most ${MAX_TIMEZONES} per shard`,
      },
    ]);
  }
  head.push(t.strList(timezones), rows.length);
  return encodeBundle(BundleKind.SubscriberShard, [
    ...tableSections(t, { schedules: true }),
    [Section.subscribers, words([...head, ...records])],
  ]);
}
