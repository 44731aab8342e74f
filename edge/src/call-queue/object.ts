/**
 * The `CallQueue` Durable Object: one per PBX queue, named `<tenant>/<ruleset>/<queue>`
 * (not by bundle, so a republish keeps the callers waiting). The edge calls it by RPC;
 * each method runs alone (the object's input gate), changes the state and stores it
 * before its answer leaves (the output gate), so no answer tells of a change that
 * could be lost.
 */
import { DurableObject } from "cloudflare:workers";
import {
  type AgentStatus,
  type DialStatus,
  dialResult,
  emptyQueue,
  leave,
  poll,
  type QueueDefinition,
  type QueueOutcome,
  type QueueState,
  setAgent,
} from "./state.ts";

const KEY = "queue";

export class CallQueue extends DurableObject<Env> {
  #state: QueueState | undefined;

  /** A caller joins or polls (see `poll` in state.ts). */
  async poll(
    definition: QueueDefinition,
    callId: string,
    at: number,
    since: number,
  ): Promise<QueueOutcome> {
    return this.#change((state) => poll(state, definition, callId, at, since));
  }

  /** The carrier's `dial_result` for the agents this queue offered the call. */
  async dialResult(
    definition: QueueDefinition,
    callId: string,
    status: DialStatus,
    at: number,
  ): Promise<QueueOutcome> {
    return this.#change((state) => dialResult(state, definition, callId, status, at));
  }

  /** The call hung up. */
  async leave(callId: string, at: number): Promise<void> {
    await this.#change((state) => leave(state, callId, at));
  }

  /** `POST /v1/agents/{agentId}/status` for this queue. Says whether the queue lists the agent. */
  async setAgent(
    number: string,
    status: AgentStatus,
    at: number,
  ): Promise<{ listed: boolean | null }> {
    return this.#change((state) => {
      setAgent(state, number, status, at);
      // null: no call has told this queue its definition yet.
      return { listed: state.definition ? state.definition.agents.includes(number) : null };
    });
  }

  async #change<T>(apply: (state: QueueState) => T): Promise<T> {
    const state = await this.#load();
    const result = apply(state);
    await this.ctx.storage.put(KEY, state);
    return result;
  }

  async #load(): Promise<QueueState> {
    this.#state ??= (await this.ctx.storage.get<QueueState>(KEY)) ?? emptyQueue();
    return this.#state;
  }
}
