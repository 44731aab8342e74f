import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { AGENTS, at, postAgentStatus, publishQueue } from "./queue-pbx.ts";
import { CARRIER, errorOf, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const [A1] = AGENTS;

describe("POST /v1/agents/{agentId}/status", () => {
  it("refuses an unsigned or wrongly signed request with 401", async () => {
    const body = { status: "available", queues: ["florist/shop/sales"] };
    expect((await errorOf(await postAgentStatus(A1, body, null), 401)).code).toBe(
      "signature_missing",
    );
    const wrong = `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`;
    expect((await errorOf(await postAgentStatus(A1, body, wrong), 401)).code).toBe(
      "signature_invalid",
    );
  });

  it("names what is wrong in a bad request with 400", async () => {
    const status = await errorOf(await postAgentStatus(A1, { status: "away" }), 400);
    expect(status.code).toBe("invalid_body");
    expect(status.issues?.map((i) => i.path)).toEqual(["status"]);

    const queue = await errorOf(
      await postAgentStatus(A1, { status: "busy", queues: ["sales"] }),
      400,
    );
    expect(queue.issues).toEqual([
      { path: "queues.0", message: 'must be "<tenant>/<ruleset>/<queue>"' },
    ]);

    const notJson = await errorOf(await postAgentStatus(A1, "{"), 400);
    expect(notJson.code).toBe("invalid_body");

    const agent = await errorOf(await postAgentStatus("alice", { status: "busy" }), 400);
    expect(agent.code).toBe("invalid_agent");
    expect(agent.issues?.[0]?.path).toBe("agentId");
  });

  it("says 404 when no queue is named and none is published for the agent", async () => {
    const error = await errorOf(await postAgentStatus("+46709999999", { status: "busy" }), 404);
    expect(error.code).toBe("agent_unknown");
    expect(error.message).toContain('"queues"');
  });

  it("applies to the queues the edge store lists for the agent", async () => {
    const pbx = await publishQueue({ strategy: "round_robin" });
    await env.EDGE_KV.put(`agent/${A1}`, JSON.stringify({ queues: [pbx.queue] }));
    const response = await postAgentStatus(A1, { status: "offline", timestamp: at(0) });
    expect(response.status).toBe(200);
    // No call has told the queue its agents yet.
    expect(await response.json()).toEqual({
      agent: A1,
      status: "offline",
      queues: [{ queue: pbx.queue, listed: null }],
    });
    // A1 is offline, so the first caller rings A2.
    const answer = await pbx.call().send({ type: "start" }, { timestamp: at(1) });
    expect(answer.actions).toEqual([
      { type: "connect", to: [AGENTS[1]], strategy: "simultaneous", timeoutSec: 20 },
    ]);
    const again = await postAgentStatus(A1, { status: "available", queues: [pbx.queue] });
    expect(await again.json()).toMatchObject({ queues: [{ queue: pbx.queue, listed: true }] });
  });

  it("frees an agent that says it is available after a call", async () => {
    const pbx = await publishQueue({ strategy: "longest_idle" });
    await pbx.agent(AGENTS[1], "offline");
    await pbx.agent(AGENTS[2], "offline");
    const first = pbx.call();
    await first.send({ type: "start" }, { timestamp: at(0) });
    await first.send({ type: "dial_result", status: "answered" }, { timestamp: at(1) });
    const second = pbx.call();
    expect((await second.send({ type: "start" }, { timestamp: at(2) })).actions[0]).toMatchObject({
      type: "enqueue",
      position: 1,
    });
    await pbx.agent(A1, "available", 30);
    expect((await second.send({ type: "queue_poll" }, { timestamp: at(31) })).actions).toEqual([
      { type: "connect", to: [A1], strategy: "simultaneous", timeoutSec: 20 },
    ]);
  });
});
