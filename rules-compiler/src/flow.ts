/**
 * Pass 3 (call flow): which nodes a call can reach, and which can chain into each other within
 * one decision. Schedule, match and play nodes move on without waiting for the caller, so a
 * loop made only of them would spin until the engine's step budget runs out mid-call.
 */
import { Code, type Span } from "./diagnostic.ts";
import type { Path, SourceFile } from "./parse.ts";
import type { PbxNode, PbxSpec, Prompt } from "./schema.ts";

/** The engine's per-decision budgets (docs/bundle-format.md). */
const MAX_STEPS = 64;
const MAX_ACTIONS = 16;

export interface Link {
  /** the field holding the reference, relative to the node */
  field: Path;
  to: string;
  /** true when the call waits for the caller or carrier before following it */
  waits: boolean;
}

export function nodeLinks(node: PbxNode): Link[] {
  const now = (field: Path, to: string | undefined): Link[] =>
    to === undefined ? [] : [{ field, to, waits: false }];
  const later = (field: Path, to: string | undefined): Link[] =>
    to === undefined ? [] : [{ field, to, waits: true }];
  switch (node.type) {
    case "schedule":
      return [...now(["open"], node.open), ...now(["closed"], node.closed)];
    case "match":
      return [
        ...node.cases.flatMap((c, i) => now(["cases", i, "next"], c.next)),
        ...now(["default"], node.default),
      ];
    case "play":
      return now(["next"], node.next);
    case "menu":
      return [
        ...Object.entries(node.options).flatMap(([key, to]) => later(["options", key], to)),
        ...later(["onNoInput"], node.onNoInput),
        ...later(["onInvalid"], node.onInvalid),
      ];
    case "connect":
      return [
        ...later(["onBusy"], node.onBusy),
        ...later(["onNoAnswer"], node.onNoAnswer),
        ...later(["onFailed"], node.onFailed),
      ];
    default:
      return [];
  }
}

export function checkFlow(src: SourceFile, spec: PbxSpec): void {
  const ids = Object.keys(spec.nodes);
  // Each node's links are asked for by every pass below: work them out once.
  const linksOf = new Map<string, Link[]>();
  const next = (id: string): Link[] => {
    const known = linksOf.get(id);
    if (known) return known;
    const node = spec.nodes[id];
    if (!node) return [];
    const links = nodeLinks(node).filter((l) => Object.hasOwn(spec.nodes, l.to));
    const timeout = node.type === "queue" ? spec.queues[node.queue]?.onTimeout : undefined;
    if (timeout !== undefined && Object.hasOwn(spec.nodes, timeout))
      links.push({ field: [], to: timeout, waits: true });
    linksOf.set(id, links);
    return links;
  };
  const keyOf = (id: string) => {
    const where = src.locate(["spec", "nodes", id]);
    return where.key ?? where.value;
  };

  const reached = new Set<string>();
  const todo = Object.hasOwn(spec.nodes, spec.entry) ? [spec.entry] : [];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (reached.has(id)) continue;
    reached.add(id);
    for (const l of next(id)) todo.push(l.to);
  }
  if (reached.size > 0) {
    for (const id of ids) {
      if (reached.has(id)) continue;
      src.report(
        Code.unreachableNode,
        "warning",
        `node "${id}" is never reached from entry "${spec.entry}"`,
        keyOf(id),
        {
          hint: "link it from another node, or remove it",
        },
      );
    }
  }

  if (spec.noDeadEnds) deadEnds(src, spec, next, keyOf);

  const immediate = (id: string) =>
    next(id)
      .filter((l) => !l.waits)
      .map((l) => l.to);
  for (const loop of loops(ids, immediate)) {
    src.report(
      Code.loopWithoutInput,
      "error",
      `nodes loop without waiting for the caller: ${loop.join(" → ")}`,
      keyOf(loop[0] as string),
      {
        hint: "end the chain with a menu, connect, queue, voicemail, hangup or reject node",
      },
    );
  }

  const worst = budgets(ids, spec, immediate);
  if (worst && (worst.steps > MAX_STEPS || worst.actions > MAX_ACTIONS)) {
    src.report(
      Code.tooManyActions,
      "error",
      `a call entering "${worst.id}" needs ${worst.steps} node steps and ${worst.actions} actions in one answer`,
      keyOf(worst.id),
      {
        hint: `one answer allows at most ${MAX_STEPS} steps and ${MAX_ACTIONS} actions; shorten chains of play nodes`,
      },
    );
  }

  unused(src, spec);
}

/**
 * `noDeadEnds: true` (an emergency line): every node a call can reach must move it on to a
 * person. A node that ends the call, or hangs up when a handler is missing, is an error that
 * shows the way a call gets there.
 */
function deadEnds(
  src: SourceFile,
  spec: PbxSpec,
  next: (id: string) => Link[],
  keyOf: (id: string) => Span,
): void {
  const from = new Map<string, string | null>([[spec.entry, null]]);
  const queue = Object.hasOwn(spec.nodes, spec.entry) ? [spec.entry] : [];
  for (let i = 0; i < queue.length; i++) {
    for (const { to } of next(queue[i] as string)) {
      if (from.has(to)) continue;
      from.set(to, queue[i] as string);
      queue.push(to);
    }
  }
  for (const id of queue) {
    const end = deadEnd(spec, id);
    if (end === null) continue;
    const path: string[] = [];
    for (let at: string | null | undefined = id; at != null; at = from.get(at)) path.unshift(at);
    src.report(
      Code.deadEnd,
      "error",
      `a call can end at "${id}" without reaching a person: ${end.reason} (${path.join(" → ")})`,
      keyOf(id),
      { hint: end.hint },
    );
  }
}

const REPLACE = "make it a connect or a queue, or drop `noDeadEnds: true`";

/** Why a node ends a call and what to do, or null when every way out goes on to a node. */
function deadEnd(spec: PbxSpec, id: string): { reason: string; hint: string } | null {
  const node = spec.nodes[id];
  switch (node?.type) {
    case "hangup":
    case "reject":
    case "voicemail":
      return { reason: `a ${node.type} node ends the call`, hint: REPLACE };
    case "play":
      return node.next === undefined
        ? {
            reason: "a play without next hangs up after the prompt",
            hint: "add next: a connect or a queue",
          }
        : null;
    case "menu": {
      const missing = [
        node.onNoInput === undefined ? "onNoInput" : null,
        node.onInvalid === undefined ? "onInvalid" : null,
      ].filter((f) => f !== null);
      return missing.length > 0
        ? {
            reason: `a menu without ${missing.join(" or ")} hangs up when its retries run out`,
            hint: `add ${missing.join(" and ")}, e.g. to a connect or a queue`,
          }
        : null;
    }
    case "connect":
      return node.onFailed === undefined && node.onNoAnswer === undefined
        ? {
            reason: "a connect without onFailed or onNoAnswer hangs up when the dial fails",
            hint: "add onFailed: it also takes busy and no answer when they have no handler of their own",
          }
        : null;
    case "queue":
      return spec.queues[node.queue]?.onTimeout === undefined
        ? {
            reason: `queue "${node.queue}" has no onTimeout, so a call hangs up after maxWaitSec`,
            hint: `give queue "${node.queue}" an onTimeout, e.g. a connect to another centre`,
          }
        : null;
    default:
      return null;
  }
}

/** Cycles among immediate links (Tarjan's strongly connected components), as id paths. */
function loops(ids: string[], immediate: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (id: string) => {
    index.set(id, index.size);
    low.set(id, index.get(id) as number);
    stack.push(id);
    onStack.add(id);
    for (const to of immediate(id)) {
      if (!index.has(to)) {
        visit(to);
        low.set(id, Math.min(low.get(id) as number, low.get(to) as number));
      } else if (onStack.has(to))
        low.set(id, Math.min(low.get(id) as number, index.get(to) as number));
    }
    if (low.get(id) !== index.get(id)) return;
    const members: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === id ? undefined : stack.pop()) {
      members.push(top);
      onStack.delete(top);
    }
    if (members.length > 1 || immediate(id).includes(id))
      out.push(cycleFrom(members, immediate, ids));
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return out.sort((a, b) => ids.indexOf(a[0] as string) - ids.indexOf(b[0] as string));
}

/** A readable cycle through a component: from its first node in source order, back to it. */
function cycleFrom(
  members: string[],
  immediate: (id: string) => string[],
  ids: string[],
): string[] {
  const inside = new Set(members);
  const start = [...members].sort((a, b) => ids.indexOf(a) - ids.indexOf(b))[0] as string;
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const to of immediate(id)) {
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = from.get(at))
          path.splice(1, 0, at);
        return [...path, start];
      }
      if (inside.has(to) && !from.has(to)) {
        from.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** The most steps and actions one answer can need, entering at any node (loops excluded). */
function budgets(ids: string[], spec: PbxSpec, immediate: (id: string) => string[]) {
  const memo = new Map<string, { steps: number; actions: number }>();
  const cost = (id: string): { steps: number; actions: number } => {
    const known = memo.get(id);
    if (known) return known;
    memo.set(id, { steps: 0, actions: 0 }); // in progress: a loop, reported above
    const node = spec.nodes[id];
    const after = immediate(id).map(cost);
    const steps = 1 + Math.max(0, ...after.map((c) => c.steps));
    const own =
      node?.type === "play"
        ? node.next === undefined
          ? 2
          : 1
        : node?.type === "schedule" || node?.type === "match"
          ? 0
          : 1;
    const result = { steps, actions: own + Math.max(0, ...after.map((c) => c.actions)) };
    memo.set(id, result);
    return result;
  };
  let worst: { id: string; steps: number; actions: number } | undefined;
  for (const id of ids) {
    const c = cost(id);
    if (!worst || c.actions > worst.actions || c.steps > worst.steps) worst = { id, ...c };
  }
  return worst;
}

/** Schedules, queues and prompts that no node uses: usually a typo in a reference. */
function unused(src: SourceFile, spec: PbxSpec): void {
  const used = new Set<string>();
  const usePrompt = (p: Prompt | undefined) => typeof p === "string" && used.add(`prompts.${p}`);
  for (const q of Object.values(spec.queues)) usePrompt(q.holdPrompt);
  for (const node of Object.values(spec.nodes)) {
    if (node.type === "schedule") used.add(`schedules.${node.schedule}`);
    if (node.type === "queue") used.add(`queues.${node.queue}`);
    if (node.type === "menu" || node.type === "play") usePrompt(node.prompt);
    if (node.type === "voicemail") usePrompt(node.greeting);
  }
  for (const table of ["schedules", "queues", "prompts"] as const) {
    for (const id of Object.keys(spec[table])) {
      if (used.has(`${table}.${id}`)) continue;
      const where = src.locate(["spec", table, id]);
      src.report(
        Code.unusedDefinition,
        "warning",
        `${table.slice(0, -1)} "${id}" is never used`,
        where.key ?? where.value,
        {
          hint: "reference it from a node, or remove it",
        },
      );
    }
  }
}
