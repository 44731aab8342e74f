/**
 * The call flow of a Pbx as a graph to draw: one box per node (id, type and what it plays or
 * dials) and one labelled arrow per way a call moves on — a digit, busy, no answer, open,
 * closed, a match case. Every renderer (mermaid, dot, svg) draws this same graph.
 */
import type { InlinePrompt, PbxNode, PbxSpec, Prompt } from "../schema.ts";

export interface FlowNode {
  id: string;
  type: PbxNode["type"];
  /** what the node plays, dials or checks, shortened */
  detail: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** why the call takes it; "" for a plain "then" */
  label: string;
}

export interface FlowGraph {
  name: string;
  entry: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function flowGraph(name: string, spec: PbxSpec): FlowGraph {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const edge = (from: string, to: string | undefined, label: string) => {
    if (to !== undefined) edges.push({ from, to, label });
  };
  const prompt = (p: Prompt | undefined) => promptText(p, spec.prompts);
  for (const [id, node] of Object.entries(spec.nodes)) {
    switch (node.type) {
      case "schedule":
        nodes.push({ id, type: node.type, detail: node.schedule });
        edge(id, node.open, "open");
        edge(id, node.closed, "closed");
        break;
      case "menu":
        nodes.push({ id, type: node.type, detail: prompt(node.prompt) });
        for (const [key, to] of Object.entries(node.options)) edge(id, to, key);
        edge(id, node.onNoInput, "no input");
        edge(id, node.onInvalid, "invalid");
        break;
      case "connect": {
        const more = node.to.length > 1 ? ` +${node.to.length - 1}` : "";
        nodes.push({ id, type: node.type, detail: `${node.to[0]}${more}` });
        edge(id, node.onBusy, "busy");
        edge(id, node.onNoAnswer, "no answer");
        edge(id, node.onFailed, "failed");
        break;
      }
      case "queue":
        nodes.push({ id, type: node.type, detail: node.queue });
        edge(id, spec.queues[node.queue]?.onTimeout, "timeout");
        break;
      case "play":
        nodes.push({ id, type: node.type, detail: prompt(node.prompt) });
        edge(id, node.next, "");
        break;
      case "voicemail":
        nodes.push({ id, type: node.type, detail: node.mailbox });
        break;
      case "match":
        nodes.push({ id, type: node.type, detail: "" });
        node.cases.forEach((c, i) => {
          edge(id, c.next, `case ${i + 1}: ${conditions(c.when)}`);
        });
        edge(id, node.default, "default");
        break;
      case "reject":
        nodes.push({ id, type: node.type, detail: node.reason });
        break;
      case "hangup":
        nodes.push({ id, type: node.type, detail: "" });
        break;
    }
  }
  return { name, entry: spec.entry, nodes, edges };
}

export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** A prompt as a reader knows it: the spoken text, or the audio file's name. */
export function promptText(p: Prompt | undefined, named: Record<string, InlinePrompt>): string {
  if (p === undefined) return "";
  const inline = typeof p === "string" ? named[p] : p;
  if (inline?.tts !== undefined) return `“${shorten(inline.tts, 28)}”`;
  if (inline?.audio !== undefined) return inline.audio.split("/").pop() ?? inline.audio;
  return String(p);
}

type When = Extract<PbxNode, { type: "match" }>["cases"][number]["when"];

/** A match case's conditions in a few words: "caller +4631…, not anonymous". */
export function conditions(when: When): string {
  const list = (items: string[]) =>
    items.length > 2 ? `${items.slice(0, 2).join(", ")} +${items.length - 2}` : items.join(", ");
  const parts: string[] = [];
  if (when.anonymous !== undefined) parts.push(when.anonymous ? "anonymous" : "not anonymous");
  if (when.callerPrefix) parts.push(`caller ${list(when.callerPrefix.map((p) => `${p}…`))}`);
  if (when.callerIn) parts.push(`caller ${list(when.callerIn)}`);
  if (when.calledIn) parts.push(`called ${list(when.calledIn)}`);
  return parts.join(" & ") || "always";
}
