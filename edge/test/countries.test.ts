import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import sweden from "../../rules/countries/se.yaml?raw";
import { brokenKv, postDirect } from "./direct.ts";
import { countrySource, publishCountry } from "./publish.ts";
import { floristSource, pointNumber, storeBundle } from "./store.ts";
import {
  CARRIER,
  type CallAnswer,
  callTo,
  newCallId,
  newNumber,
  registerCarrier,
} from "./webhook.ts";

beforeAll(() => publishCountry(sweden));
beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const connect112 = { type: "connect", to: ["112"], strategy: "simultaneous", timeoutSec: 60 };

function emergencyCall(from: string, to: string, kind = "pbx") {
  return {
    callId: newCallId(),
    kind,
    from,
    to,
    direction: "outbound",
    event: { type: "start" },
  };
}

async function answerOf(response: Response): Promise<CallAnswer> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as CallAnswer;
}

describe("an emergency call", () => {
  it("is connected before any rule, from a PBX or a mobile, with no state", async () => {
    for (const kind of ["pbx", "mobile"]) {
      const answer = await answerOf(await postDirect(emergencyCall("+46812345678", "112", kind)));
      expect(answer.actions).toEqual([connect112]);
      expect(answer.state).toBeNull();
      expect(answer.meta).toMatchObject({ fallback: false, reason: "emergency", bundle: null });
    }
  });

  it("is connected again when the dial fails, and left alone once answered", async () => {
    const call = {
      ...emergencyCall("+46812345678", "112"),
      event: { type: "dial_result", status: "busy" },
    };
    expect((await answerOf(await postDirect(call))).actions).toEqual([connect112]);
    const answered = { ...call, event: { type: "dial_result", status: "answered" } };
    expect((await answerOf(await postDirect(answered))).actions).toEqual([]);
  });

  it("is connected while KV throws or stalls", async () => {
    for (const mode of ["throws", "stalls"] as const) {
      const answer = await answerOf(
        await postDirect(emergencyCall("+46812345678", "112"), {
          EDGE_KV: brokenKv(env.EDGE_KV, mode),
        }),
      );
      expect(answer.actions).toEqual([connect112]);
    }
  });

  it("uses the standard emergency numbers when the caller's country is not known", async () => {
    const answer = await answerOf(await postDirect(emergencyCall("+15551234567", "911")));
    expect(answer.actions).toEqual([{ ...connect112, to: ["911"] }]);
    expect(answer.meta).toMatchObject({ fallback: true, reason: "emergency" });
  });
});

describe("a country enabled by publishing its file alone", () => {
  it("connects its own emergency number, which the code never names", async () => {
    // ZZ, calling code 999, emergency number 5555: in no list the edge carries.
    const caller = "+999123456789";
    const before = await answerOf(await postDirect(emergencyCall(caller, "5555")));
    expect(before.actions).toEqual([{ type: "reject", reason: "unavailable" }]);

    await publishCountry(countrySource("ZZ", "999", ["5555"]));
    await vi.waitFor(
      async () => {
        const answer = await answerOf(await postDirect(emergencyCall(caller, "5555")));
        expect(answer.actions).toEqual([{ ...connect112, to: ["5555"] }]);
        expect(answer.meta).toMatchObject({ fallback: false, reason: "emergency" });
      },
      { timeout: 5_000, interval: 300 },
    );
  });
});

describe("the country's fallback", () => {
  it("answers a number whose bundle is corrupt, instead of a bare refusal", async () => {
    const number = newNumber();
    const { hash, bytes } = await storeBundle(floristSource(number));
    await storeBundle(floristSource(number), bytes.slice(0, 100));
    await pointNumber(number, hash);
    const answer = await callTo(number).send({ type: "start" });
    expect(answer.actions).toEqual([
      {
        type: "play",
        prompt: {
          tts: "Vi kan tyvärr inte koppla ditt samtal just nu. Försök igen om en stund.",
          language: "sv-SE",
        },
      },
      { type: "reject", reason: "unavailable" },
    ]);
    expect(answer.meta).toMatchObject({ fallback: true, reason: "bundle_corrupt", bundle: null });
  });
});

describe("meta.region", () => {
  it("is the colo that took the request", async () => {
    const answer = await answerOf(
      await postDirect(emergencyCall("+46812345678", "112"), {}, { colo: "ARN" }),
    );
    expect(answer.meta.region).toBe("ARN");
  });
});
