// The bundle tables the host needs to turn action records into SPEC §4 JSON,
// decoded once per bundle. Only called after the engine's `load` accepted
// the bytes, so every offset and index read here is known to be in range.
import {
  MetaField,
  NodeField,
  NodeType,
  QueueField,
  RecordWords,
  Section,
} from "../assembly/abi.ts";
import type { PbxInfo, Prompt } from "./types.ts";
import { NONE, viewOf } from "./view.ts";

export { NONE };

const QUEUE_STRATEGIES = ["ring_all", "round_robin", "longest_idle"] as const;

/** A PBX call queue as the rule file defines it (the edge's Durable Object runs it). */
export interface QueueInfo {
  name: string;
  holdPrompt?: Prompt;
  /** E.164 numbers, in the rule file's order. */
  agents: readonly string[];
  strategy: (typeof QUEUE_STRATEGIES)[number];
  maxWaitSec: number;
  announcePosition: boolean;
}

export interface BundleTables {
  strings: readonly string[];
  /** Each list's words. */
  lists: readonly Uint32Array[];
  prompts: readonly Prompt[];
  queues: readonly QueueInfo[];
  /** For each node, the queue index of a `queue` node (undefined for other nodes). */
  nodeQueues: readonly (number | undefined)[];
  info: PbxInfo;
  timezones: readonly string[];
}

export function readTables(bundle: Uint8Array): BundleTables {
  const { word, section, strings, lists, prompts, stringList } = viewOf(bundle);
  /** Word `field` of record `index` of a table whose count word is at `section`. */
  const record = (id: Section, words: number) => (index: number, field: number) =>
    word(section(id) + 4 + (index * words + field) * 4);
  const tableCount = (id: Section) => word(section(id));

  const queue = record(Section.Queues, RecordWords.Queue);
  const queues = Array.from({ length: tableCount(Section.Queues) }, (_, q): QueueInfo => {
    const hold = queue(q, QueueField.HoldPrompt);
    const info: QueueInfo = {
      name: strings[queue(q, QueueField.Name)] ?? "",
      agents: stringList(queue(q, QueueField.Agents)),
      strategy: QUEUE_STRATEGIES[queue(q, QueueField.Strategy)] ?? "ring_all",
      maxWaitSec: queue(q, QueueField.MaxWaitSec),
      announcePosition: queue(q, QueueField.AnnouncePosition) === 1,
    };
    return hold === NONE ? info : { ...info, holdPrompt: prompts[hold] };
  });

  const node = record(Section.Nodes, RecordWords.Node);
  const nodeQueues = Array.from({ length: tableCount(Section.Nodes) }, (_, n) =>
    node(n, 0) === NodeType.Queue ? node(n, NodeField.QueueQueue) : undefined,
  );

  const metaAt = section(Section.Meta);
  const meta = (field: MetaField) => word(metaAt + field * 4);
  const metaString = (field: MetaField) => strings[meta(field)] ?? "";
  const timezones = stringList(meta(MetaField.Timezones));
  const info: PbxInfo = {
    tenant: metaString(MetaField.Tenant),
    name: metaString(MetaField.Name),
    country: metaString(MetaField.Country),
    language: metaString(MetaField.Language),
    timezone: timezones[0] ?? "",
    numbers: stringList(meta(MetaField.Numbers)),
    nodes: stringList(meta(MetaField.NodeNames)),
  };
  return { strings, lists, prompts, queues, nodeQueues, info, timezones };
}
