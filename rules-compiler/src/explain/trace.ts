/**
 * Why a call goes where it goes: one event applied to the rule (not the bundle), following the
 * step semantics of docs/bundle-format.md, with a sentence per node. `explain` prints this next
 * to the engine's answer; the engine decides, this only explains (and says when they differ).
 */
import type { CallEvent } from "@switchboard/wasm";
import { conditions, promptText } from "../graph/flow.ts";
import type { PbxNode, PbxSpec } from "../schema.ts";
import { parseDays, parseInterval } from "../week.ts";
import { localTime } from "./local-time.ts";

export interface TraceLine {
  node: string;
  why: string;
}

export interface Trace {
  lines: TraceLine[];
  /** the node the call waits at afterwards, or null when it ended */
  waitsAt: string | null;
  retry: number;
  /** the node that produced the answer (meta.node) */
  answeredBy: string;
}

export interface CallContext {
  from: string;
  to: string;
  at: Date;
}

/** The engine's step budget: a longer chain is a compiler bug, reported by the engine too. */
const MAX_STEPS = 64;

export function trace(
  spec: PbxSpec,
  call: CallContext,
  state: { node: string | null; retry: number },
  event: CallEvent,
): Trace {
  const lines: TraceLine[] = [];
  const say = (node: string, why: string) => lines.push({ node, why });
  const ended = (node: string): Trace => ({ lines, waitsAt: null, retry: 0, answeredBy: node });
  const prompt = (p: Parameters<typeof promptText>[0]) => promptText(p, spec.prompts);

  const enter = (start: string, retry = 0): Trace => {
    let id = start;
    for (let steps = 1; steps <= MAX_STEPS; steps++) {
      const node = spec.nodes[id] as PbxNode;
      const go = (next: string, why: string) => {
        say(id, `${why} → ${next}`);
        id = next;
      };
      switch (node.type) {
        case "schedule":
          go(...schedule(spec, node, call.at));
          continue;
        case "match":
          go(...match(node, call));
          continue;
        case "play":
          if (node.next === undefined) {
            say(id, `plays ${prompt(node.prompt)}, then hangs up`);
            return ended(id);
          }
          go(node.next, `plays ${prompt(node.prompt)}`);
          continue;
        case "menu":
          say(id, `plays ${prompt(node.prompt)} and waits for digits (${node.timeoutSec} s)`);
          return { lines, waitsAt: id, retry, answeredBy: id };
        case "connect":
          say(
            id,
            `dials ${node.to.join(", ")} (${node.strategy}, ${node.timeoutSec} s) and waits for dial_result`,
          );
          return { lines, waitsAt: id, retry, answeredBy: id };
        case "queue": {
          const q = spec.queues[node.queue];
          say(
            id,
            `queues the call in \`${node.queue}\` (${q?.agents.length ?? 0} agents, ${q?.strategy}, at most ${q?.maxWaitSec} s) and waits`,
          );
          return { lines, waitsAt: id, retry, answeredBy: id };
        }
        case "voicemail":
          say(
            id,
            `records a message for mailbox \`${node.mailbox}\` (at most ${node.maxSec} s) and waits for recording_done`,
          );
          return { lines, waitsAt: id, retry, answeredBy: id };
        case "hangup":
          say(id, "hangs up");
          return ended(id);
        case "reject":
          say(id, `rejects the call (${node.reason})`);
          return ended(id);
      }
    }
    say(id, `more than ${MAX_STEPS} steps in one answer`);
    return ended(id);
  };
  const hangup = (node: string, why: string): Trace => {
    say(node, `${why} → hangs up`);
    return ended(node);
  };

  if (event.type === "start") return enter(spec.entry);
  const at = state.node;
  if (event.type === "hangup" || at === null) {
    say(at ?? "-", "the caller hung up; the call ends");
    return { lines, waitsAt: null, retry: 0, answeredBy: at ?? "" };
  }
  const node = spec.nodes[at] as PbxNode;
  if (node.type === "menu" && (event.type === "digits" || event.type === "no_input")) {
    const next = event.type === "digits" ? node.options[event.digits] : undefined;
    if (event.type === "digits" && next !== undefined) {
      say(at, `digit${event.digits.length > 1 ? "s" : ""} "${event.digits}" → ${next}`);
      return enter(next);
    }
    const what = event.type === "digits" ? `"${event.digits}" is not an option` : "no input";
    const retry = state.retry + 1;
    if (retry <= node.retries) {
      say(at, `${what} (retry ${retry} of ${node.retries}); asks again`);
      return enter(at, retry);
    }
    const handler = event.type === "digits" ? node.onInvalid : node.onNoInput;
    const field = event.type === "digits" ? "onInvalid" : "onNoInput";
    const why = `${what}, no retries left`;
    if (handler === undefined) return hangup(at, `${why}; no ${field}`);
    say(at, `${why} → ${handler} (${field})`);
    return enter(handler);
  }
  if (node.type === "connect" && event.type === "dial_result") {
    if (event.status === "answered") {
      say(at, "answered: the carrier bridges the call; no further answer needed");
      return ended(at);
    }
    const own = {
      busy: "onBusy",
      no_answer: "onNoAnswer",
      failed: "onFailed",
      unreachable: "onFailed",
    } as const;
    const tries = [own[event.status], "onFailed", "onNoAnswer"] as const;
    const field = tries.find((f) => node[f] !== undefined);
    if (field === undefined) return hangup(at, `${event.status}; no handler`);
    const why =
      field === own[event.status]
        ? `${event.status} → ${node[field]} (${field})`
        : `${event.status}: no ${own[event.status]}, falls back to ${field} → ${node[field]}`;
    say(at, why);
    return enter(node[field] as string);
  }
  if (node.type === "queue" && event.type === "queue_timeout") {
    const next = spec.queues[node.queue]?.onTimeout;
    if (next === undefined) return hangup(at, "waited too long; the queue has no onTimeout");
    say(at, `waited too long → ${next} (onTimeout of queue \`${node.queue}\`)`);
    return enter(next);
  }
  if (node.type === "voicemail" && event.type === "recording_done")
    return hangup(at, "message recorded");
  say(at, `${event.type} is not what it waits for; it answers again`);
  return enter(at, state.retry);
}

type Go = [next: string, why: string];

function schedule(spec: PbxSpec, node: Extract<PbxNode, { type: "schedule" }>, at: Date): Go {
  const s = spec.schedules[node.schedule];
  const zone = s?.timezone ?? spec.timezone;
  const local = localTime(at, zone);
  const name = `schedule \`${node.schedule}\``;
  if (s?.holidays.includes(local.date))
    return [node.closed, `${name} is closed: ${local.date} is a holiday (${zone})`];
  const minute = local.day * 1440 + local.minuteOfDay;
  for (const [days, texts] of Object.entries(s?.weekly ?? {})) {
    for (const text of texts) {
      const iv = parseInterval(text);
      if (typeof iv === "string") continue;
      const inside = (parseDays(days) ?? []).some((day) => {
        const start = day * 1440 + iv.start;
        const end = day * 1440 + iv.end + (iv.end <= iv.start ? 1440 : 0);
        return [minute, minute + 10080].some((m) => m >= start && m < end);
      });
      if (inside)
        return [node.open, `${name} is open: ${local.label} is within ${days} ${text} (${zone})`];
    }
  }
  return [node.closed, `${name} is closed: ${local.label} is outside its hours (${zone})`];
}

function match(node: Extract<PbxNode, { type: "match" }>, call: CallContext): Go {
  for (const [i, c] of node.cases.entries()) {
    const { anonymous, callerPrefix, callerIn, calledIn } = c.when;
    const holds =
      (anonymous === undefined || anonymous === (call.from === "anonymous")) &&
      (callerPrefix === undefined || callerPrefix.some((p) => call.from.startsWith(p))) &&
      (callerIn === undefined || callerIn.includes(call.from)) &&
      (calledIn === undefined || calledIn.includes(call.to));
    if (holds) return [c.next, `case ${i + 1} matches (${conditions(c.when)})`];
  }
  return [node.default, `no case matches caller ${call.from}, called ${call.to}; default`];
}
