/**
 * The call flow as a Mermaid flowchart (renders in GitHub Markdown). Nodes get generated ids
 * (n0, n1, …) because a node named like a Mermaid keyword (`end`) would break the chart.
 */
import type { FlowGraph, FlowNode } from "./flow.ts";

const SHAPES: Record<FlowNode["type"], [open: string, close: string]> = {
  schedule: ["{", "}"],
  match: ["{", "}"],
  menu: ["[", "]"],
  connect: ["[", "]"],
  queue: ["[", "]"],
  voicemail: ["[", "]"],
  play: ["[/", "/]"],
  hangup: ["([", "])"],
  reject: ["([", "])"],
};

export function mermaid(graph: FlowGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = [`%% ${graph.name}: call flow`, "flowchart TD"];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.type];
    const text = [node.id, [node.type, node.detail].filter(Boolean).join(" · ")];
    lines.push(`  ${ids.get(node.id)}${open}"${text.map(escapeLabel).join("<br/>")}"${close}`);
  }
  for (const { from, to, label } of graph.edges) {
    const arrow = label ? `-->|"${escapeLabel(label)}"|` : "-->";
    lines.push(`  ${ids.get(from)} ${arrow} ${ids.get(to)}`);
  }
  lines.push("  classDef entry stroke-width:3px", `  class ${ids.get(graph.entry)} entry`);
  return `${lines.join("\n")}\n`;
}

/** Mermaid entity codes for the characters that end a label or start an entity. */
function escapeLabel(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}
