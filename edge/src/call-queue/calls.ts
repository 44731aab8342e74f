/**
 * The call path's side of PBX queues. The engine says a call waits in a queue
 * (an `enqueue` action at a `queue` node); the queue's Durable Object says what
 * happens there: a position to hold with, agents to connect, or the wait is over
 * (`queue_timeout` goes back to the engine, which enters the queue's onTimeout).
 */
import type { Action, PbxEngine, QueueInfo, StepInput } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import type { Decision } from "../calls/decide.ts";
import { positionPrompt } from "./announce.ts";
import type { CallQueue } from "./object.ts";
import { type QueueOutcome, RING_TIMEOUT_SEC } from "./state.ts";

export interface QueueContext {
  queues: DurableObjectNamespace<CallQueue>;
  budget: Budget;
}

/** The Durable Object's name: bundle-independent, so a republish keeps the line. */
export function queueId(tenant: string, ruleset: string, queue: string): string {
  return `${tenant}/${ruleset}/${queue}`;
}

/**
 * Runs one step (`run` is the engine step) with the queue the call waits in or
 * enters. `queuedAt` is when the call joined the queue (from its token): it keeps
 * the caller's place and its wait even if the Durable Object lost it.
 */
export async function queueStep(
  ctx: QueueContext,
  engine: PbxEngine,
  callId: string,
  input: StepInput,
  queuedAt: number | undefined,
  run: (input: StepInput) => Decision,
): Promise<Decision> {
  const at = input.at.getTime();
  const waitedIn = engine.queueAt(input.node);
  const objectOf = (queue: QueueInfo) =>
    ctx.queues.get(
      ctx.queues.idFromName(queueId(engine.info.tenant, engine.info.name, queue.name)),
    );

  if (waitedIn && input.event.type === "hangup") {
    const decision = run(input);
    try {
      await ctx.budget.race(objectOf(waitedIn).leave(callId, at), "call queue");
      return decision;
    } catch (error) {
      return { ...decision, ...unavailable(callId, error) };
    }
  }

  const decision = run(input);
  const queue = engine.queueAt(decision.next?.node ?? null);
  const enqueue = decision.actions.findIndex((action) => action.type === "enqueue");
  if (!queue || !decision.next || enqueue === -1) return decision;
  const stays = waitedIn === queue;
  const since = stays && queuedAt !== undefined ? queuedAt : at;
  const definition = {
    agents: [...queue.agents],
    strategy: queue.strategy,
    maxWaitSec: queue.maxWaitSec,
  };

  let outcome: QueueOutcome;
  let fault: Pick<Decision, "fallback" | "reason"> | undefined;
  try {
    const object = objectOf(queue);
    const event = input.event;
    const ask = async (): Promise<QueueOutcome> =>
      stays && event.type === "dial_result"
        ? await object.dialResult(definition, callId, event.status, at)
        : await object.poll(definition, callId, at, since);
    outcome = await ctx.budget.race(ask(), "call queue");
  } catch (error) {
    fault = unavailable(callId, error);
    outcome = withoutQueue(queue, input, stays, at - since);
  }

  if (outcome.kind === "timeout") {
    const timedOut = run({ ...input, event: { type: "queue_timeout" }, node: decision.next.node });
    return { ...timedOut, ...fault };
  }
  const actions: Action[] = decision.actions.slice(0, enqueue);
  if (outcome.kind === "connect") {
    const to = outcome.agents;
    actions.push({ type: "connect", to, strategy: "simultaneous", timeoutSec: RING_TIMEOUT_SEC });
  } else if (outcome.kind === "hold") {
    const held = decision.actions[enqueue] as Extract<Action, { type: "enqueue" }>;
    if (queue.announcePosition && outcome.position > 0) {
      actions.push({
        type: "play",
        prompt: positionPrompt(outcome.position, engine.info.language),
      });
    }
    actions.push({ ...held, position: outcome.position });
  }
  // bridged: the carrier connected the caller; no actions, but the call keeps its
  // token so its hangup reaches the queue and frees the agent.
  return { ...decision, actions, next: { ...decision.next, queuedAt: since }, ...fault };
}

/**
 * The Durable Object did not answer: an answered dial stays bridged, a wait past
 * maxWaitSec still times out (the token knows when the call joined), anyone else
 * holds with an unknown position (0).
 */
function withoutQueue(
  queue: QueueInfo,
  input: StepInput,
  stays: boolean,
  waitedMs: number,
): QueueOutcome {
  if (stays && input.event.type === "dial_result" && input.event.status === "answered") {
    return { kind: "bridged" };
  }
  if (waitedMs >= queue.maxWaitSec * 1000) return { kind: "timeout" };
  return { kind: "hold", position: 0 };
}

function unavailable(callId: string, error: unknown): Pick<Decision, "fallback" | "reason"> {
  console.error(JSON.stringify({ msg: "call queue unavailable", callId, error: String(error) }));
  return { fallback: true, reason: "queue_unavailable" };
}
