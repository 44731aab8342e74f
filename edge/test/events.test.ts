import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import sweden from "../../rules/countries/se.yaml?raw";
import telco from "../../rules/mobile/telco-se.yaml?raw";
import type { DecisionEvent } from "../src/calls/record.ts";
import { brokenKv, keptEvents, loggedEvents, postDirect } from "./direct.ts";
import { newPrefix, publishCountry, publishSubscribers } from "./publish.ts";
import { OPEN, publishFlorist } from "./store.ts";
import { CARRIER, newCallId, registerCarrier } from "./webhook.ts";

beforeAll(() => publishCountry(sweden));
beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

/** Sends one webhook and returns the one event and the one log line it left. */
async function recorded(body: Record<string, unknown>, bindings: Partial<Env> = {}) {
  const events = keptEvents();
  const log = vi.spyOn(console, "log");
  try {
    const response = await postDirect(body, { EVENTS: events.queue, ...bindings });
    expect(response.status).toBe(200);
    const lines = loggedEvents(log.mock.calls, events.sent);
    expect(events.sent).toHaveLength(1);
    expect(lines).toEqual(events.sent);
    return events.sent[0] as DecisionEvent;
  } finally {
    log.mockRestore();
  }
}

/** A florist call starting inside opening hours. */
function floristStart(number: string, callId = newCallId()) {
  return {
    callId,
    kind: "pbx",
    from: "+46701234567",
    to: number,
    direction: "inbound",
    event: { type: "start" },
    timestamp: OPEN,
  };
}

describe("each decision", () => {
  it("leaves one event and one identical log line, for a PBX call", async () => {
    const { number, hash } = await publishFlorist();
    const callId = newCallId();
    const event = await recorded(floristStart(number, callId));
    expect(event).toEqual({
      type: "call.decision",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      callId,
      carrier: CARRIER.id,
      tenant: "florist",
      kind: "pbx",
      direction: "inbound",
      did: number,
      country: "SE",
      event: "start",
      bundle: hash,
      node: "main_menu",
      outcome: "gather",
      region: "LOCAL",
      decisionUs: expect.any(Number),
      fallback: false,
      reason: null,
    });
  });

  it("names the mobile rule, and the fault of a fallback", async () => {
    const alice = `${newPrefix()}01`;
    const { plan } = await publishSubscribers(telco, [{ number: alice }]);
    const mobile = {
      callId: newCallId(),
      kind: "mobile",
      from: "+46731234567",
      to: alice,
      direction: "inbound",
      event: { type: "start" },
    };
    expect(await recorded(mobile)).toMatchObject({
      kind: "mobile",
      tenant: "nordtel",
      bundle: plan,
      node: "subscriber",
      outcome: "connect",
      fallback: false,
    });
    const fault = await recorded(
      { ...mobile, callId: newCallId(), to: "+46701110001" },
      { EDGE_KV: brokenKv(env.EDGE_KV, "throws") },
    );
    expect(fault).toMatchObject({ fallback: true, reason: "kv_unavailable", country: "SE" });
  });

  it("gives every event its own id", async () => {
    const body = {
      callId: newCallId(),
      kind: "pbx",
      from: "+46812345678",
      to: "112",
      direction: "outbound",
      event: { type: "start" },
    };
    const first = await recorded(body);
    const again = await recorded(body);
    expect(first.reason).toBe("emergency");
    expect(first.id).not.toBe(again.id);
  });

  it("sends the events of calls answered together in one batch, and loses none", async () => {
    const { number } = await publishFlorist();
    const events = keptEvents();
    const calls = Array.from({ length: 5 }, () => floristStart(number));
    const answers = await Promise.all(
      calls.map((call) => postDirect(call, { EVENTS: events.queue })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect((events.sent as DecisionEvent[]).map((event) => event.callId).sort()).toEqual(
      calls.map((call) => call.callId).sort(),
    );
    expect(events.sends.length).toBeLessThan(calls.length);
  });

  it("answers, and logs the event, when the queue refuses it", async () => {
    const { number } = await publishFlorist();
    const refusing = {
      send: () => Promise.reject(new Error("queue full")),
      sendBatch: () => Promise.reject(new Error("queue full")),
    } as unknown as Queue;
    const errors = vi.spyOn(console, "error");
    try {
      const response = await postDirect(floristStart(number), { EVENTS: refusing });
      expect(response.status).toBe(200);
      const lines = errors.mock.calls.map(([line]) => String(line));
      expect(
        lines.some((line) => line.includes("events not sent") && line.includes("queue full")),
      ).toBe(true);
    } finally {
      errors.mockRestore();
    }
  });
});
