/**
 * Pass 4: a checked Pbx file → the bundle's tables, every reference resolved to an index.
 * Order is fixed by the source (tables in source order, strings and lists interned in first-use
 * order), so the same file always lowers to the same tables.
 */
import type { InlinePrompt, PbxFile, PbxNode, Prompt } from "./schema.ts";
import { NONE, Tables } from "./tables.ts";
import { parseDate, weekIntervals } from "./week.ts";

export { NONE } from "./tables.ts";

export const NODE_WORDS = 10;
export const NodeType = {
  schedule: 1,
  menu: 2,
  connect: 3,
  queue: 4,
  play: 5,
  voicemail: 6,
  match: 7,
  hangup: 8,
  reject: 9,
} as const;
const QUEUE_STRATEGY = { ring_all: 0, round_robin: 1, longest_idle: 2 } as const;
export const CONNECT_STRATEGY = { simultaneous: 0, sequential: 1 } as const;
export const REJECT_REASON = { busy: 0, rejected: 1, unavailable: 2 } as const;

export interface PbxIr {
  /** strings, lists, prompts and schedules */
  tables: Tables;
  /** `NODE_WORDS` words each: type, then 9 fields */
  nodes: number[][];
  /** 7 words each */
  queues: number[][];
  /** 8 words: entry, tenant, name, country, language, timezones, numbers, node names */
  meta: number[];
}

export function lower(file: PbxFile): PbxIr {
  const { spec, metadata } = file;
  const tables = new Tables();
  const ir: PbxIr = { tables, nodes: [], queues: [], meta: [] };
  const str = (s: string) => tables.str(s);
  const list = (words: number[]) => tables.list(words);
  const strList = (items: readonly string[]) => tables.strList(items);
  const optList = (items: readonly string[] | undefined) => tables.optList(items);

  const nodeIds = Object.keys(spec.nodes);
  // A map, not indexOf: a 1,000-node Pbx makes thousands of node references.
  const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
  const node = (id: string) => nodeIndex.get(id) ?? -1;
  const optNode = (id: string | undefined) => (id === undefined ? NONE : node(id));
  const inline = (p: InlinePrompt) =>
    tables.prompt(
      p.audio !== undefined
        ? { audio: p.audio }
        : { tts: p.tts ?? "", language: p.language ?? spec.language },
    );
  const named = new Map<string, number>();
  const prompt = (p: Prompt) => (typeof p === "string" ? (named.get(p) as number) : inline(p));
  const optPrompt = (p: Prompt | undefined) => (p === undefined ? NONE : prompt(p));

  const timezones = [
    ...new Set([spec.timezone, ...Object.values(spec.schedules).flatMap((s) => s.timezone ?? [])]),
  ];
  ir.meta = [
    node(spec.entry),
    str(metadata.tenant),
    str(metadata.name),
    str(spec.country),
    str(spec.language),
    strList(timezones),
    strList(spec.numbers),
    strList(nodeIds),
  ];
  for (const [id, p] of Object.entries(spec.prompts)) named.set(id, inline(p));

  const scheduleIds = Object.keys(spec.schedules);
  for (const s of Object.values(spec.schedules)) {
    const holidays = [...new Set(s.holidays.map((d) => parseDate(d) ?? 0))].sort((a, b) => a - b);
    // One record per schedule id, in source order: nodes refer to schedules by that order.
    tables.schedules.push([
      timezones.indexOf(s.timezone ?? spec.timezone),
      list(weekIntervals(s.weekly).flat()),
      list(holidays),
    ]);
  }

  const queueIds = Object.keys(spec.queues);
  for (const [id, q] of Object.entries(spec.queues)) {
    ir.queues.push([
      str(id),
      strList(q.agents),
      QUEUE_STRATEGY[q.strategy],
      q.maxWaitSec,
      q.announcePosition ? 1 : 0,
      optPrompt(q.holdPrompt),
      optNode(q.onTimeout),
    ]);
  }

  const fields = (n: PbxNode): number[] => {
    switch (n.type) {
      case "schedule":
        return [scheduleIds.indexOf(n.schedule), node(n.open), node(n.closed)];
      case "menu": {
        const keys = Object.keys(n.options);
        const maxDigits = n.maxDigits ?? Math.max(1, ...keys.map((k) => k.length));
        const finish =
          n.finishOnKey ?? (maxDigits > 1 && !keys.some((k) => k.includes("#")) ? "#" : undefined);
        return [
          prompt(n.prompt),
          n.timeoutSec,
          n.retries,
          list(keys.flatMap((k) => [str(k), node(n.options[k] as string)])),
          optNode(n.onNoInput),
          optNode(n.onInvalid),
          maxDigits,
          finish === undefined ? NONE : str(finish),
        ];
      }
      case "connect":
        return [
          strList(n.to),
          CONNECT_STRATEGY[n.strategy],
          n.timeoutSec,
          n.callerId === undefined ? NONE : str(n.callerId),
          optNode(n.onBusy),
          optNode(n.onNoAnswer),
          optNode(n.onFailed),
        ];
      case "queue":
        return [queueIds.indexOf(n.queue)];
      case "play":
        return [prompt(n.prompt), optNode(n.next), n.loop];
      case "voicemail":
        return [str(n.mailbox), optPrompt(n.greeting), n.maxSec];
      case "match": {
        const anonymous = (a: boolean | undefined) => (a === undefined ? 0 : a ? 1 : 2);
        const cases = n.cases.flatMap((c) => [
          node(c.next),
          optList(c.when.callerPrefix),
          optList(c.when.callerIn),
          anonymous(c.when.anonymous),
          optList(c.when.calledIn),
        ]);
        return [list(cases), node(n.default)];
      }
      case "hangup":
        return [];
      case "reject":
        return [REJECT_REASON[n.reason]];
    }
  };
  for (const n of Object.values(spec.nodes)) {
    const record = [NodeType[n.type], ...fields(n)];
    while (record.length < NODE_WORDS) record.push(0);
    ir.nodes.push(record);
  }
  return ir;
}
