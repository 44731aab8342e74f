/**
 * `POST /v1/agents/{agentId}/status`: an agent (its carrier, signed like a call
 * webhook) says it is available, busy or offline. The agent is its E.164 number,
 * as the PBX rule file's queues list it; the status goes to every queue named in
 * the body, else to every queue the edge store lists for the agent
 * (`agent/<E164>` → `{"queues": ["<tenant>/<ruleset>/<queue>", ...]}`).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { bodyLimit } from "../body-limit/index.ts";
import { Budget } from "../budget.ts";
import { type CarrierAuthEnv, carrierAuth } from "../carrier-auth/index.ts";

/** Each queue is its own Durable Object; a slow one fails the request, which a retry repeats safely. */
const QUEUE_MS = 1000;
const KV_MS = 300;

const e164 = /^\+\d{8,15}$/;
const queueIdPattern = /^[^/\s]{1,64}\/[^/\s]{1,64}\/[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const statusBody = z.strictObject({
  status: z.enum(["available", "busy", "offline"]),
  queues: z
    .array(z.string().regex(queueIdPattern, 'must be "<tenant>/<ruleset>/<queue>"'))
    .min(1)
    .max(64)
    .optional(),
  // The clock the queue compares with the calls' timestamps; receive time by default.
  timestamp: z.iso.datetime({ offset: true }).optional(),
});

const agentDirectory = z.object({ queues: z.array(z.string().regex(queueIdPattern)) });

export const agents = new Hono<CarrierAuthEnv>();

agents.post("/:agentId/status", bodyLimit(16), carrierAuth(), async (c) => {
  const agent = c.req.param("agentId");
  if (!e164.test(agent)) {
    const message = "The agent id must be its E.164 number (+ and 8–15 digits; send + as %2B).";
    const issues = [{ path: "agentId", message: `"${agent}" is not an E.164 number` }];
    return c.json({ error: { code: "invalid_agent", message, issues } }, 400);
  }
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
  } catch {
    return invalid(c, "The body is not JSON.", [{ path: "", message: "expected a JSON object" }]);
  }
  const parsed = statusBody.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    return invalid(c, "Invalid agent status: check the fields named in issues.", issues);
  }
  const { status, timestamp } = parsed.data;
  const at = timestamp ? new Date(timestamp).getTime() : Date.now();

  let queues: string[] | null | undefined = parsed.data.queues;
  if (!queues) {
    try {
      queues = await queuesOf(c.env.EDGE_KV, agent);
    } catch (error) {
      return unavailable(c, "agent_store_unavailable", error);
    }
    if (!queues) {
      const message = `No published queue lists ${agent}; name its queues in the body: {"queues": ["<tenant>/<ruleset>/<queue>"]}.`;
      return c.json({ error: { code: "agent_unknown", message } }, 404);
    }
  }

  const budget = new Budget(QUEUE_MS, QUEUE_MS);
  try {
    const results = await Promise.all(
      queues.map(async (queue) => {
        const object = c.env.CALL_QUEUE.get(c.env.CALL_QUEUE.idFromName(queue));
        const { listed } = await budget.race(object.setAgent(agent, status, at), queue);
        return { queue, listed };
      }),
    );
    return c.json({ agent, status, queues: results });
  } catch (error) {
    return unavailable(c, "queue_unavailable", error);
  }
});

async function queuesOf(kv: KVNamespace, agent: string): Promise<string[] | null> {
  const record = await new Budget(KV_MS, KV_MS).race(
    kv.get(`agent/${agent}`, "json"),
    "agent read",
  );
  if (record === null) return null;
  const parsed = agentDirectory.safeParse(record);
  if (!parsed.success) throw new Error(`agent/${agent} is not {"queues": [...]}`);
  return parsed.data.queues;
}

function invalid(c: Context, message: string, issues: { path: string; message: string }[]) {
  return c.json({ error: { code: "invalid_body", message, issues } }, 400);
}

function unavailable(c: Context, code: string, error: unknown) {
  console.error(JSON.stringify({ msg: "agent status not stored", code, error: String(error) }));
  return c.json({ error: { code, message: "Try again shortly; the status was not stored." } }, 503);
}
