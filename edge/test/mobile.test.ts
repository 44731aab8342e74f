import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import telco from "../../rules/mobile/telco-se.yaml?raw";
import { countingKv, postDirect } from "./direct.ts";
import { newPrefix, publishSubscribers } from "./publish.ts";
import { CARRIER, type CallAnswer, newCallId, postCall, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const VOICEMAIL = "+46708000000";
/** Monday 23:30 in Stockholm. */
const NIGHT = "2026-11-23T22:30:00Z";

function mobileCall(direction: "inbound" | "outbound", from: string, to: string) {
  return {
    callId: newCallId(),
    kind: "mobile",
    from,
    to,
    direction,
    event: { type: "start" },
    timestamp: "2026-11-23T10:00:00Z",
  };
}

async function answerOf(response: Response): Promise<CallAnswer> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as CallAnswer;
}

async function subscribers() {
  const prefix = newPrefix();
  const alice = `${prefix}01`;
  const bob = `${prefix}02`;
  const published = await publishSubscribers(telco, [
    { number: alice },
    {
      number: bob,
      forwarding: { busy: "+46709999999" },
      dnd: { weekly: { "mon-sun": ["22:00-24:00"] } },
      blocklist: ["+46731111111"],
    },
  ]);
  return { ...published, alice, bob };
}

describe("a mobile call", () => {
  it("connects the subscriber with conditional forwarding in one answer, no state", async () => {
    const { alice, plan } = await subscribers();
    const answer = await answerOf(await postCall(mobileCall("inbound", "+46731234567", alice)));
    expect(answer.actions).toEqual([
      {
        type: "connect",
        to: [alice],
        strategy: "simultaneous",
        timeoutSec: 20,
        forward: { busy: VOICEMAIL, noAnswer: VOICEMAIL, unreachable: VOICEMAIL },
      },
    ]);
    expect(answer.state).toBeNull();
    expect(answer.meta).toMatchObject({ bundle: plan, node: "subscriber", fallback: false });
  });

  it("applies the blocklist and do-not-disturb of the subscriber", async () => {
    const { bob } = await subscribers();
    const blocked = await answerOf(await postCall(mobileCall("inbound", "+46731111111", bob)));
    expect(blocked.actions).toEqual([{ type: "reject", reason: "rejected" }]);
    expect(blocked.meta.node).toBe("blocklist");
    const night = await answerOf(
      await postCall({ ...mobileCall("inbound", "+46735555555", bob), timestamp: NIGHT }),
    );
    expect(night.actions).toEqual([
      { type: "connect", to: ["+46709999999"], strategy: "simultaneous", timeoutSec: 20 },
    ]);
    expect(night.meta.node).toBe("do_not_disturb");
  });

  it("bars premium numbers outbound and connects the rest", async () => {
    const { alice } = await subscribers();
    const premium = await answerOf(await postCall(mobileCall("outbound", alice, "+46900123456")));
    expect(premium.actions).toEqual([{ type: "reject", reason: "rejected" }]);
    expect(premium.meta.node).toBe("barred_premium");
    const ok = await answerOf(await postCall(mobileCall("outbound", alice, "+4915112345678")));
    expect(ok.actions[0]).toMatchObject({ type: "connect", to: ["+4915112345678"] });
  });

  it("rejects a number that is no subscriber as unavailable, with the reason", async () => {
    const { alice } = await subscribers();
    for (const to of [`${alice.slice(0, -2)}99`, "+46709876501"]) {
      const answer = await answerOf(await postCall(mobileCall("inbound", "+46731234567", to)));
      expect(answer.actions).toEqual([{ type: "reject", reason: "unavailable" }]);
      expect(answer.meta).toMatchObject({ fallback: false, reason: "unknown_subscriber" });
    }
  });

  it("answers a hangup with no actions", async () => {
    const { alice } = await subscribers();
    const body = { ...mobileCall("inbound", "+46731234567", alice), event: { type: "hangup" } };
    const answer = await answerOf(await postCall(body));
    expect(answer.actions).toEqual([]);
    expect(answer.state).toBeNull();
  });

  it("reads KV at most once per call on a warm isolate", async () => {
    const { alice, bob } = await subscribers();
    const first = countingKv(env.EDGE_KV);
    await answerOf(
      await postDirect(mobileCall("inbound", "+46731234567", alice), { EDGE_KV: first.kv }),
    );
    // Warm: the plan, the shard and the carrier are cached; at most the shard pointer is read.
    const warm = countingKv(env.EDGE_KV);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await answerOf(
      await postDirect(mobileCall("inbound", "+46731234567", bob), { EDGE_KV: warm.kv }),
    );
    // Country data refreshes in the background (waitUntil), never on the call's path.
    const waited = warm.reads.filter((key) => !key.startsWith("country"));
    expect(waited).toEqual([`sub/${bob.slice(0, -2)}`]);
  });
});
