import { describe, expect, it } from "vitest";
import { ErrorCode } from "../assembly/abi.ts";
import { BundleError, MobileEngine, PbxEngine } from "../src/index.ts";
import { bundleOf, engineModule, floristSource } from "./compiled.ts";
import {
  MONDAY_DAY,
  MONDAY_NIGHT,
  mobileEngineOf,
  planSource,
  shardOf,
  telcoSource,
} from "./mobile-compiled.ts";

const ALICE = "+46701234501";
const BOB = "+46701234502";
const VOICEMAIL = "+46708000000";
const CALLER = "+46731111111";

const shard = shardOf([
  { number: ALICE },
  {
    number: BOB,
    forwarding: { busy: "+46709999999", unreachable: "+46708888888" },
    noAnswerTimeoutSec: 30,
    dnd: { weekly: { "mon-sun": ["22:00-24:00", "00:00-07:00"] } },
    blocklist: ["+46731111111", "+46900*"],
  },
]);

const engine = mobileEngineOf();
const inbound = (to: string, from = CALLER, at = MONDAY_DAY) =>
  engine.decide({ direction: "inbound", from, to, at }, shard);
const outbound = (to: string, from = ALICE) =>
  engine.decide({ direction: "outbound", from, to, at: MONDAY_DAY }, shard);

describe("an inbound mobile call", () => {
  it("connects the subscriber with the plan's forwarding in the one answer", () => {
    expect(inbound(ALICE)).toEqual({
      action: {
        type: "connect",
        to: [ALICE],
        strategy: "simultaneous",
        timeoutSec: 20,
        forward: { busy: VOICEMAIL, noAnswer: VOICEMAIL, unreachable: VOICEMAIL },
      },
      rule: "subscriber",
    });
  });

  it("prefers the subscriber's own targets and ring time over the plan's", () => {
    expect(inbound(BOB, "+46735555555").action).toEqual({
      type: "connect",
      to: [BOB],
      strategy: "simultaneous",
      timeoutSec: 30,
      forward: { busy: "+46709999999", noAnswer: VOICEMAIL, unreachable: "+46708888888" },
    });
  });

  it("rejects a caller on the blocklist, by number or by prefix", () => {
    expect(inbound(BOB, CALLER)).toEqual({
      action: { type: "reject", reason: "rejected" },
      rule: "blocklist",
    });
    expect(inbound(BOB, "+46900123456").rule).toBe("blocklist");
    expect(inbound(BOB, "anonymous").rule).toBe("subscriber");
  });

  it("treats do-not-disturb as busy: the busy target, else a busy reject", () => {
    expect(inbound(BOB, "+46735555555", MONDAY_NIGHT)).toEqual({
      action: { type: "connect", to: ["+46709999999"], strategy: "simultaneous", timeoutSec: 30 },
      rule: "do_not_disturb",
    });
    const bare = MobileEngine.load(engineModule, bundleOf(planSource("")));
    const quiet = shardOf([{ number: ALICE, dnd: { weekly: { mon: ["00:00-24:00"] } } }]);
    expect(
      bare.decide({ direction: "inbound", from: CALLER, to: ALICE, at: MONDAY_DAY }, quiet),
    ).toEqual({ action: { type: "reject", reason: "busy" }, rule: "do_not_disturb" });
  });

  it("forwards every call when unconditional forwarding is set", () => {
    const forwarded = shardOf([{ number: ALICE, forwarding: { unconditional: "+46705550000" } }]);
    const decision = engine.decide(
      { direction: "inbound", from: CALLER, to: ALICE, at: MONDAY_DAY },
      forwarded,
    );
    expect(decision).toEqual({
      action: { type: "connect", to: ["+46705550000"], strategy: "simultaneous", timeoutSec: 20 },
      rule: "forward_unconditional",
    });
  });

  it("rejects a number its shard does not hold as unavailable", () => {
    expect(inbound("+46701234599")).toEqual({
      action: { type: "reject", reason: "unavailable" },
      rule: "not_subscriber",
    });
  });
});

describe("an outbound mobile call", () => {
  it("connects the called number", () => {
    expect(outbound("+46812345678")).toEqual({
      action: { type: "connect", to: ["+46812345678"], strategy: "simultaneous", timeoutSec: 60 },
      rule: "outbound",
    });
  });

  it("bars premium prefixes and, when the plan says so, international calls", () => {
    expect(outbound("+46900100200").action).toEqual({ type: "reject", reason: "rejected" });
    expect(outbound("+46900100200").rule).toBe("barred_premium");
    expect(outbound("+4915112345678").rule).toBe("outbound");
    const barred = MobileEngine.load(
      engineModule,
      bundleOf(planSource("  barring: { international: true }")),
    );
    const call = (to: string) =>
      barred.decide({ direction: "outbound", from: ALICE, to, at: MONDAY_DAY }, shard).rule;
    expect(call("+4915112345678")).toBe("barred_international");
    expect(call("+46812345678")).toBe("outbound");
    expect(call("11414")).toBe("outbound");
  });

  it("bars numbers on the subscriber's blocklist", () => {
    expect(outbound(CALLER, BOB).rule).toBe("blocklist");
  });
});

describe("shards and kinds", () => {
  it("swaps shards on one instance and refuses a corrupt one without breaking", () => {
    const other = shardOf([{ number: "+46701234600", forwarding: { unconditional: ALICE } }]);
    const to600 = {
      direction: "inbound",
      from: CALLER,
      to: "+46701234600",
      at: MONDAY_DAY,
    } as const;
    expect(engine.decide(to600, other).rule).toBe("forward_unconditional");
    expect(inbound(ALICE).rule).toBe("subscriber");
    const corrupt = other.bytes.slice(0, other.bytes.length - 8);
    expect(() => engine.decide(to600, { hash: "corrupt", bytes: corrupt })).toThrow(BundleError);
    expect(inbound(ALICE).rule).toBe("subscriber");
  });

  it("refuses to run a bundle of another kind", () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof BundleError ? error.code : error;
      }
      return "loaded";
    };
    expect(refused(() => PbxEngine.load(engineModule, bundleOf(telcoSource)))).toBe(
      ErrorCode.NotPbx,
    );
    expect(refused(() => MobileEngine.load(engineModule, bundleOf(floristSource)))).toBe(
      ErrorCode.NotPbx,
    );
    expect(
      refused(() =>
        engine.decide(
          { direction: "inbound", from: CALLER, to: ALICE, at: MONDAY_DAY },
          { hash: "plan-as-shard", bytes: bundleOf(telcoSource) },
        ),
      ),
    ).toBe(ErrorCode.NoShard);
  });

  it("keeps memory flat over a million decisions across two shards", { timeout: 120_000 }, () => {
    const other = shardOf([{ number: "+46701234600" }]);
    const fresh = mobileEngineOf();
    const input = { direction: "inbound", from: CALLER, at: MONDAY_DAY } as const;
    fresh.decide({ ...input, to: ALICE }, shard);
    fresh.decide({ ...input, to: "+46701234600" }, other);
    const before = fresh.memoryBytes;
    for (let i = 0; i < 1_000_000; i++) {
      if (i % 1000 === 0) fresh.decide({ ...input, to: "+46701234600" }, other);
      fresh.decide({ ...input, to: i % 2 === 0 ? ALICE : BOB }, shard);
    }
    expect(fresh.memoryBytes).toBe(before);
  });
});
