/**
 * What one PBX queue remembers across calls: who waits (in order), who is being
 * rung, and each agent's state. Pure functions over a plain object the Durable
 * Object stores; every change takes the call's event time `at` (ms), never the
 * wall clock, so a queue replays the same for the same events.
 */
import type { QueueInfo } from "@switchboard/wasm";

export type AgentStatus = "available" | "busy" | "offline";

/** The part of a queue's rule-file definition the Durable Object needs. */
export type QueueDefinition = Pick<QueueInfo, "agents" | "strategy" | "maxWaitSec">;

export interface Caller {
  callId: string;
  /** When the call joined the queue: its place in line and its wait. */
  since: number;
  /** Its last event: a caller not heard from for STALE_MS is presumed gone. */
  seen: number;
}

interface Ringing extends Caller {
  agents: string[];
  at: number;
}

interface Agent {
  /** What the agent (or its carrier) last reported; never reported = available. */
  status: AgentStatus;
  /** The call this agent is ringing for or talking on. */
  call: string | null;
  /** When the agent last ended a call: longest_idle picks the smallest. */
  idleSince: number;
  /** After a busy, unanswered or failed ring the agent is skipped until then. */
  restUntil: number;
}

export interface QueueState {
  definition: QueueDefinition | null;
  waiting: Caller[];
  ringing: Ringing[];
  agents: Record<string, Agent>;
  /** round_robin: the index (in the definition's agents) of the agent rung last. */
  cursor: number;
}

export type QueueOutcome =
  | { kind: "hold"; position: number }
  | { kind: "connect"; agents: string[] }
  | { kind: "timeout" }
  | { kind: "bridged" };

export type DialStatus = "answered" | "busy" | "no_answer" | "failed" | "unreachable";

/** How long the carrier rings the agents of one offer. */
export const RING_TIMEOUT_SEC = 20;
/** An agent that did not take a call is not rung again for this long. */
export const REST_MS = 30_000;
/** Callers poll every 10 s; one silent for 60 s hung up without telling us. */
export const STALE_MS = 60_000;

export function emptyQueue(): QueueState {
  return { definition: null, waiting: [], ringing: [], agents: {}, cursor: -1 };
}

/**
 * A caller's turn (it joins, or polls): it times out, is offered agents, or holds
 * with its position. `since` is when it joined; a caller the queue lost (or never
 * saw) takes its place in line by it.
 */
export function poll(
  state: QueueState,
  definition: QueueDefinition,
  callId: string,
  at: number,
  since: number,
): QueueOutcome {
  state.definition = definition;
  forgetStale(state, at);
  if (talkingOn(state, callId)) return { kind: "bridged" };
  const ringing = state.ringing.find((r) => r.callId === callId);
  if (ringing) return { kind: "connect", agents: ringing.agents };
  let caller = state.waiting.find((w) => w.callId === callId);
  if (!caller) {
    caller = { callId, since, seen: at };
    const after = state.waiting.findIndex((w) => w.since > since);
    state.waiting.splice(after === -1 ? state.waiting.length : after, 0, caller);
  }
  caller.seen = at;
  if (at - caller.since >= definition.maxWaitSec * 1000) {
    remove(state.waiting, callId);
    return { kind: "timeout" };
  }
  return offer(state, definition, caller, at);
}

/** The carrier's answer to an offer. Unanswered: the caller is back at the head. */
export function dialResult(
  state: QueueState,
  definition: QueueDefinition,
  callId: string,
  status: DialStatus,
  at: number,
): QueueOutcome {
  const ringing = remove(state.ringing, callId);
  if (!ringing) return poll(state, definition, callId, at, at);
  const answered = status === "answered";
  for (const number of ringing.agents) {
    const agent = agentOf(state, number);
    // With several rung at once the carrier does not say who answered: all go free.
    agent.call = answered && ringing.agents.length === 1 ? callId : null;
    if (!answered) agent.restUntil = at + REST_MS;
  }
  if (answered) return { kind: "bridged" };
  // Back in line by when it joined: ahead of everyone who joined after it.
  return poll(state, definition, callId, at, ringing.since);
}

/** The call hung up: it leaves the line, and an agent talking on it is free. */
export function leave(state: QueueState, callId: string, at: number): void {
  remove(state.waiting, callId);
  const ringing = remove(state.ringing, callId);
  for (const number of ringing?.agents ?? []) agentOf(state, number).call = null;
  for (const agent of Object.values(state.agents)) {
    if (agent.call === callId) {
      agent.call = null;
      agent.idleSince = at;
    }
  }
}

/** The agent's own report. `available` also ends the call it was talking on. */
export function setAgent(state: QueueState, number: string, status: AgentStatus, at: number): void {
  const agent = agentOf(state, number);
  agent.status = status;
  if (status === "available") {
    agent.restUntil = 0;
    if (agent.call !== null && !state.ringing.some((r) => r.callId === agent.call)) {
      agent.call = null;
      agent.idleSince = at;
    }
  }
}

/** Callers ahead of `callId`, plus one; 0 when it is not waiting. */
export function positionOf(state: QueueState, callId: string): number {
  return state.waiting.findIndex((w) => w.callId === callId) + 1;
}

function offer(
  state: QueueState,
  definition: QueueDefinition,
  caller: Caller,
  at: number,
): QueueOutcome {
  const position = positionOf(state, caller.callId);
  const free = definition.agents.filter((number) => isFree(agentOf(state, number), at));
  // Free agents go to callers in line order: the head first.
  let agents: string[] = [];
  if (definition.strategy === "ring_all") {
    if (position === 1) agents = free;
  } else if (position <= free.length) {
    agents = [
      definition.strategy === "round_robin"
        ? nextAfterCursor(state, definition, free)
        : longestIdle(state, free),
    ];
  }
  if (agents.length === 0) return { kind: "hold", position };
  remove(state.waiting, caller.callId);
  state.ringing.push({ ...caller, agents, at });
  for (const number of agents) agentOf(state, number).call = caller.callId;
  if (definition.strategy === "round_robin")
    state.cursor = definition.agents.indexOf(agents[0] ?? "");
  return { kind: "connect", agents };
}

function nextAfterCursor(state: QueueState, definition: QueueDefinition, free: string[]): string {
  const index = (number: string) => definition.agents.indexOf(number);
  return free.find((number) => index(number) > state.cursor) ?? (free[0] as string);
}

function longestIdle(state: QueueState, free: string[]): string {
  // Stable: equally idle agents keep the rule file's order.
  return free.reduce((best, number) =>
    agentOf(state, number).idleSince < agentOf(state, best).idleSince ? number : best,
  );
}

function isFree(agent: Agent, at: number): boolean {
  return agent.status === "available" && agent.call === null && agent.restUntil <= at;
}

function talkingOn(state: QueueState, callId: string): boolean {
  if (state.ringing.some((r) => r.callId === callId)) return false;
  return Object.values(state.agents).some((agent) => agent.call === callId);
}

/** Drops callers that stopped polling and offers the carrier never answered. */
function forgetStale(state: QueueState, at: number): void {
  state.waiting = state.waiting.filter((w) => at - w.seen <= STALE_MS);
  const ringMs = RING_TIMEOUT_SEC * 1000 + STALE_MS;
  for (const ringing of state.ringing.filter((r) => at - r.at > ringMs))
    leave(state, ringing.callId, at);
}

function agentOf(state: QueueState, number: string): Agent {
  let agent = state.agents[number];
  if (!agent) {
    agent = { status: "available", call: null, idleSince: 0, restUntil: 0 };
    state.agents[number] = agent;
  }
  return agent;
}

function remove<T extends { callId: string }>(list: T[], callId: string): T | undefined {
  const index = list.findIndex((item) => item.callId === callId);
  return index === -1 ? undefined : list.splice(index, 1)[0];
}
