/** The call flow in Graphviz DOT, for `dot -Tpng` or any Graphviz viewer. */
import type { FlowGraph, FlowNode } from "./flow.ts";

const SHAPES: Record<FlowNode["type"], string> = {
  schedule: "diamond",
  match: "diamond",
  menu: "box",
  connect: "box",
  queue: "box",
  voicemail: "box",
  play: "parallelogram",
  hangup: "oval",
  reject: "oval",
};

export function dot(graph: FlowGraph): string {
  const lines = [
    `digraph ${quote(graph.name)} {`,
    "  rankdir=TB;",
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of graph.nodes) {
    const label = `${node.id}\n${[node.type, node.detail].filter(Boolean).join(" · ")}`;
    const entry = node.id === graph.entry ? ", penwidth=2" : "";
    lines.push(`  ${quote(node.id)} [label=${quote(label)}, shape=${SHAPES[node.type]}${entry}];`);
  }
  for (const { from, to, label } of graph.edges)
    lines.push(`  ${quote(from)} -> ${quote(to)}${label ? ` [label=${quote(label)}]` : ""};`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A DOT quoted string: backslash and quote escaped, newlines as \n. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
