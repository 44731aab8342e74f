/**
 * A PBX whose number goes straight into one queue, `sales`, of three agents;
 * after maxWaitSec the caller is sent to voicemail. Each test publishes its own
 * rule set, so each gets its own queue Durable Object.
 */
import { env, exports } from "cloudflare:workers";
import { pointNumber, storeBundle } from "./store.ts";
import { CARRIER, callTo, newNumber, signatureHeader } from "./webhook.ts";

export const AGENTS = ["+46700000001", "+46700000002", "+46700000003"] as const;

/** Monday 10:00 UTC; `at(s)` is `s` seconds later. The queue's clock is the calls' timestamps. */
const T0 = Date.parse("2026-11-23T10:00:00Z");
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export interface QueueOptions {
  strategy?: "ring_all" | "round_robin" | "longest_idle";
  maxWaitSec?: number;
  announcePosition?: boolean;
  language?: string;
}

let rulesets = 0;

export async function publishQueue(options: QueueOptions = {}) {
  rulesets += 1;
  const ruleset = `line-${rulesets}-${crypto.randomUUID().slice(0, 8)}`;
  const number = newNumber();
  const source = `apiVersion: switchboard/v1
kind: Pbx
metadata: { name: ${ruleset}, tenant: florist }
spec:
  country: SE
  timezone: Europe/Stockholm
  language: ${options.language ?? "en-GB"}
  numbers: ["${number}"]
  entry: line
  queues:
    sales:
      agents: [${AGENTS.map((a) => `"${a}"`).join(", ")}]
      strategy: ${options.strategy ?? "ring_all"}
      maxWaitSec: ${options.maxWaitSec ?? 120}
      announcePosition: ${options.announcePosition ?? false}
      holdPrompt: { audio: "https://cdn.example/hold.mp3" }
      onTimeout: mailbox
  nodes:
    line: { type: queue, queue: sales }
    mailbox: { type: voicemail, mailbox: sales }
`;
  const { hash } = await storeBundle(source);
  await pointNumber(number, hash);
  const queue = `florist/${ruleset}/sales`;
  return {
    number,
    queue,
    /** A new call to the PBX. */
    call: () => callTo(number),
    /** The queue's Durable Object, as the edge addresses it. */
    object: () => env.CALL_QUEUE.get(env.CALL_QUEUE.idFromName(queue)),
    /** Reports an agent's status for this queue, at queue time `seconds`. */
    async agent(agent: string, status: string, seconds = 0) {
      const response = await postAgentStatus(agent, {
        status,
        queues: [queue],
        timestamp: at(seconds),
      });
      if (response.status !== 200) throw new Error(`agent status: ${await response.text()}`);
    },
  };
}

/** `POST /v1/agents/{agent}/status`, signed by the test carrier unless `signature` says otherwise. */
export async function postAgentStatus(
  agent: string,
  body: unknown,
  signature?: string | null,
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-switchboard-carrier": CARRIER.id,
  };
  const signed =
    signature === undefined
      ? await signatureHeader(CARRIER.secret, raw, Math.floor(Date.now() / 1000))
      : signature;
  if (signed !== null) headers["x-switchboard-signature"] = signed;
  return exports.default.fetch(
    new Request(`http://edge.test/v1/agents/${encodeURIComponent(agent)}/status`, {
      method: "POST",
      headers,
      body: raw,
    }),
  );
}
