/**
 * Faults inside workerd, each answered with 200, a safe answer and
 * `meta.fallback: true`: KV throwing or stalling, an engine trap, the step
 * budget spent, a corrupt subscriber shard, the carrier store down.
 */
import { env } from "cloudflare:workers";
import { sha256Hex } from "@switchboard/rules-compiler";
import { PbxEngine } from "@switchboard/wasm";
import { engineModule } from "@switchboard/wasm/worker";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import sweden from "../../rules/countries/se.yaml?raw";
import telco from "../../rules/mobile/telco-se.yaml?raw";
import { NodeField } from "../../wasm/assembly/abi.ts";
import { nodeWordOffset, withWord } from "../../wasm/test/bundle-bytes.ts";
import { brokenKv, postDirect } from "./direct.ts";
import { newPrefix, publishCountry, publishSubscribers } from "./publish.ts";
import { OPEN, pointNumber, publishFlorist } from "./store.ts";
import { CARRIER, type CallAnswer, newCallId, newNumber, registerCarrier } from "./webhook.ts";

beforeAll(() => publishCountry(sweden));
beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const SWEDISH_FALLBACK = [{ type: "play" }, { type: "reject", reason: "unavailable" }];

function start(to: string, extra: Record<string, unknown> = {}) {
  return {
    callId: newCallId(),
    kind: "pbx",
    from: "+46701234567",
    to,
    direction: "inbound",
    event: { type: "start" },
    timestamp: OPEN,
    ...extra,
  };
}

async function answerOf(response: Response): Promise<CallAnswer> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as CallAnswer;
}

describe("KV", () => {
  // Country data is cached from a first call; a cold isolate would refuse instead.
  beforeAll(async () => {
    await registerCarrier(CARRIER.id, [CARRIER.secret]);
    await postDirect(start(newNumber()));
  });

  it.each(["throws", "stalls"] as const)(
    "that %s answers with the country's fallback",
    async (mode) => {
      const answer = await answerOf(
        await postDirect(start(newNumber()), { EDGE_KV: brokenKv(env.EDGE_KV, mode) }),
      );
      expect(answer.actions).toMatchObject(SWEDISH_FALLBACK);
      expect(answer.state).toBeNull();
      expect(answer.meta).toMatchObject({ fallback: true, reason: "kv_unavailable" });
    },
  );

  it("unreadable for the carrier still connects an emergency call", async () => {
    const carrier = { id: `carrier-${crypto.randomUUID().slice(0, 8)}`, secret: "s3cret" };
    await registerCarrier(carrier.id, [carrier.secret]);
    const emergency = { ...start("112"), direction: "outbound", from: "+46812345678" };
    const answer = await answerOf(
      await postDirect(emergency, { EDGE_KV: brokenKv(env.EDGE_KV, "throws") }, undefined, carrier),
    );
    expect(answer.actions).toEqual([
      { type: "connect", to: ["112"], strategy: "simultaneous", timeoutSec: 60 },
    ]);
  });
});

describe("the engine", () => {
  it("trapping answers from the fallback, and the next call gets a fresh instance", async () => {
    const { number, hash } = await publishFlorist(`Trap ${crypto.randomUUID()}`);
    const engine = await instanceOfFirstCall(() => postDirect(start(number)));
    // The instance's memory made unusable: every table reference now points far outside it.
    new Uint32Array(engine.memory.buffer).fill(0x10000000);

    const trapped = await answerOf(await postDirect(start(number)));
    expect(trapped.meta).toMatchObject({ fallback: true, reason: "engine_error" });
    expect(trapped.actions).toMatchObject(SWEDISH_FALLBACK);
    const healed = await answerOf(await postDirect(start(number)));
    expect(healed.meta).toMatchObject({ bundle: hash, fallback: false });
  });

  it("spending its step budget answers from the number's last good bundle", async () => {
    const good = await publishFlorist("Last good");
    await answerOf(await postDirect(start(good.number)));
    const endless = await overBudgetBundle(good.number);
    await pointNumber(good.number, endless, 2);
    await vi.waitFor(
      async () => {
        const answer = await answerOf(await postDirect(start(good.number)));
        expect(answer.meta).toMatchObject({
          bundle: good.hash,
          fallback: true,
          reason: "engine_error",
        });
        expect(answer.actions[0]).toMatchObject({ type: "gather" });
      },
      { timeout: 3_000, interval: 250 },
    );
  });
});

describe("a mobile call", () => {
  it("whose shard is corrupt answers from the last good shard", async () => {
    const prefix = newPrefix();
    const alice = `${prefix}01`;
    const published = await publishSubscribers(telco, [{ number: alice }]);
    const call = { ...start(alice), kind: "mobile", from: "+46731234567" };
    expect((await answerOf(await postDirect(call))).meta.node).toBe("subscriber");
    const garbage = new Uint8Array(64).fill(7);
    const corrupt = sha256Hex(garbage);
    await env.EDGE_KV.put(`bundle/${corrupt}`, garbage);
    await env.EDGE_KV.put(
      published.key,
      JSON.stringify({ bundle: corrupt, plan: published.plan, tenant: "nordtel" }),
    );
    await vi.waitFor(
      async () => {
        const answer = await answerOf(await postDirect({ ...call, callId: newCallId() }));
        expect(answer.meta).toMatchObject({
          fallback: true,
          reason: "bundle_corrupt",
          node: "subscriber",
        });
        expect(answer.actions[0]).toMatchObject({ type: "connect", to: [alice] });
      },
      { timeout: 3_000, interval: 250 },
    );
  });
});

/**
 * The exports of the WebAssembly instance the edge creates while `call` runs
 * (the runtime's constructor observed, not our engine replaced), so a test can
 * break that instance's memory and make the real engine trap.
 */
async function instanceOfFirstCall(
  call: () => Promise<Response>,
): Promise<{ memory: WebAssembly.Memory }> {
  const Original = WebAssembly.Instance;
  let exports: WebAssembly.Exports | undefined;
  class Observed extends Original {
    constructor(module: WebAssembly.Module, imports?: WebAssembly.Imports) {
      super(module, imports);
      exports ??= this.exports;
    }
  }
  WebAssembly.Instance = Observed;
  try {
    expect((await answerOf(await call())).meta.fallback).toBe(false);
  } finally {
    WebAssembly.Instance = Original;
  }
  if (!exports) throw new Error("the call created no engine instance");
  return exports as { memory: WebAssembly.Memory };
}

/**
 * The compiler refuses chains over the step budget, so two chains of 40 match
 * nodes are joined in the bytes: the bundle loads, and every call spends the budget.
 */
async function overBudgetBundle(number: string): Promise<string> {
  const chain = (p: string) =>
    Array.from(
      { length: 40 },
      (_, i) =>
        `    ${p}${i}: { type: match, cases: [{ when: { anonymous: true }, next: ${p}_end }], default: ${i < 39 ? `${p}${i + 1}` : `${p}_end`} }`,
    ).join("\n");
  const { compile } = await import("@switchboard/rules-compiler");
  const source = `apiVersion: switchboard/v1
kind: Pbx
metadata: { name: endless, tenant: florist }
spec:
  country: SE
  timezone: Europe/Stockholm
  language: sv-SE
  numbers: ["${number}"]
  entry: a0
  nodes:
${chain("a")}
    a_end: { type: hangup }
${chain("b")}
    b_end: { type: hangup }
`;
  const result = compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const names = PbxEngine.load(engineModule, result.bundle).info.nodes;
  const joint = nodeWordOffset(result.bundle, names.indexOf("a39"), NodeField.MatchDefault);
  const bytes = withWord(result.bundle, joint, names.indexOf("b0"));
  const hash = sha256Hex(bytes);
  await env.EDGE_KV.put(`bundle/${hash}`, bytes);
  return hash;
}
