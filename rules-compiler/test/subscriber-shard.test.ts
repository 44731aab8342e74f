import { describe, expect, it } from "vitest";
import {
  encodeSubscriberShard,
  type SubscriberSettings,
  SubscriberSettingsSchema,
  SubscriberShardError,
  shardKeyOf,
  shardSubscribers,
} from "../src/index.ts";
import { NONE, type ReadBundle, readBundle } from "./bundle-reader.ts";

const RECORD = 8;
const HEAD = 5;

/** Binary search over the records, as the doc says a reader finds a number. */
function find(b: ReadBundle, number: string): number[] | null {
  const w = b.words(9);
  let [lo, hi] = [0, (w[4] as number) - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const record = w.slice(HEAD + mid * RECORD, HEAD + (mid + 1) * RECORD);
    const at = b.str(record[0] as number) as string;
    if (at === number) return record;
    if (at < number) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

const numbers = (n: number, prefix = "+467012345") =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, "0")}`);

describe("subscriber shards", () => {
  it("keys a number by all but its last two digits", () => {
    expect(shardKeyOf("+46701234567")).toBe("sub/+467012345");
    expect(() => shardKeyOf("0701234567")).toThrow(/not an E.164 number/);
  });

  it("groups subscribers by key, at most 100 per key", () => {
    const many = [...numbers(100), ...numbers(3, "+467012346")].map((number) => ({ number }));
    const shards = shardSubscribers(many);
    expect([...shards.keys()]).toEqual(["sub/+467012345", "sub/+467012346"]);
    expect(shards.get("sub/+467012345")).toHaveLength(100);
  });

  it("writes records sorted by number, found by binary search, with the documented fields", () => {
    const subscribers: SubscriberSettings[] = [
      {
        number: "+46701234599",
        forwarding: { busy: "+46708000000", noAnswer: "+46708000000" },
        noAnswerTimeoutSec: 15,
        dnd: { weekly: { "mon-fri": ["22:00-07:00"] } },
        blocklist: ["+46900*", "+46701111111", "+46900*"],
      },
      ...numbers(40).map((number) => ({ number })),
      { number: "+46701234550", forwarding: { unconditional: "+46812345678" } },
    ].filter((s, i, all) => all.findIndex((o) => o.number === s.number) === i);
    const bytes = encodeSubscriberShard({
      tenant: "nordtel",
      plan: "telco-se",
      timezone: "Europe/Stockholm",
      subscribers,
    });
    const b = readBundle(bytes);
    expect(b.kind).toBe(5);
    expect(b.ids).toEqual([1, 2, 5, 9]);
    const w = b.words(9);
    expect([b.str(w[0] as number), b.str(w[1] as number), b.str(w[2] as number)]).toEqual([
      "nordtel",
      "telco-se",
      "+467012345",
    ]);
    expect(b.strList(w[3] as number)).toEqual(["Europe/Stockholm"]);
    expect(w[4]).toBe(42);
    expect(w).toHaveLength(HEAD + 42 * RECORD);
    const order = Array.from({ length: 42 }, (_, i) => b.str(w[HEAD + i * RECORD] as number));
    expect(order).toEqual([...order].sort());

    for (const s of subscribers) expect(find(b, s.number)?.[0]).toBeDefined();
    expect(find(b, "+46701234598")).toBeNull();

    const [, unconditional, busy, noAnswer, unreachable, timeout, dnd, blocklist] = find(
      b,
      "+46701234599",
    ) as number[];
    expect([unconditional, unreachable]).toEqual([NONE, NONE]);
    expect([b.str(busy as number), b.str(noAnswer as number), timeout]).toEqual([
      "+46708000000",
      "+46708000000",
      15,
    ]);
    // Mon–Fri 22:00 until 07:00 the next morning (Friday night runs into Saturday).
    expect(b.schedules[dnd as number]).toEqual({
      timezone: 0,
      intervals: [1320, 1860, 2760, 3300, 4200, 4740, 5640, 6180, 7080, 7620],
      holidays: [],
    });
    expect(b.strList(blocklist as number)).toEqual(["+46701111111", "+46900*"]);
    const plain = find(b, "+46701234500") as number[];
    expect(plain.slice(1)).toEqual([NONE, NONE, NONE, NONE, 0, NONE, NONE]);
    expect(b.str((find(b, "+46701234550") as number[])[1] as number)).toBe("+46812345678");
  });

  it("shares identical strings, lists and schedules between subscribers", () => {
    const same = {
      dnd: { weekly: { sun: ["00:00-24:00"] }, timezone: "Europe/Oslo" },
      blocklist: ["+4781*"],
    };
    const b = readBundle(
      encodeSubscriberShard({
        tenant: "t",
        plan: "p",
        subscribers: numbers(50, "+478123456").map((number) => ({ number, ...same })),
      }),
    );
    expect(b.schedules).toHaveLength(1);
    expect(b.strings.filter((s) => s === "+4781*")).toHaveLength(1);
  });

  it("makes the same bytes whatever the order of the subscribers", () => {
    const subscribers = numbers(30).map((number, i) => ({ number, noAnswerTimeoutSec: 5 + i }));
    const input = { tenant: "t", plan: "p", subscribers };
    const reversed = { ...input, subscribers: [...subscribers].reverse() };
    expect(encodeSubscriberShard(reversed)).toEqual(encodeSubscriberShard(input));
  });

  it("refuses bad records, naming each", () => {
    const attempt = () =>
      encodeSubscriberShard({
        tenant: "nordtel",
        plan: "telco-se",
        subscribers: [
          { number: "+46701234500", blocklist: ["4670*"] },
          { number: "+46701234500" },
          { number: "+46709999900" },
          { number: "+46701234501", dnd: { weekly: { weekday: ["25:00-07:00"] } } },
          { number: "+46701234502", dnd: { weekly: { mon: ["22:00-23:00"] } } },
        ],
      });
    expect(attempt).toThrow(SubscriberShardError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as SubscriberShardError).issues.map(
        (i) => `${i.index} ${i.path.join(".")}`,
      );
      expect(issues).toEqual([
        "0 blocklist.0",
        "1 number",
        "2 number",
        "3 dnd.weekly.weekday",
        "3 dnd.weekly.weekday.0",
        "4 dnd.timezone",
      ]);
      expect((error as Error).message).toMatch(
        /^subscriber shard refused: subscribers\[0\]\.blocklist\.0: expected an E.164 number/,
      );
    }
    expect(() => encodeSubscriberShard({ tenant: "t", plan: "p", subscribers: [] })).toThrow(
      /1 to 100 subscribers/,
    );
  });

  it("validates an imported row with the exported schema", () => {
    expect(
      SubscriberSettingsSchema.safeParse({
        number: "+46701234567",
        forwarding: { busy: "+46708000000" },
      }).success,
    ).toBe(true);
    const bad = SubscriberSettingsSchema.safeParse({
      number: "+46701234567",
      dnd: { weekly: {}, timezone: "Mars/Base" },
    });
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      'unknown time zone "Mars/Base"; use an IANA name like Europe/Stockholm',
    ]);
  });
});
