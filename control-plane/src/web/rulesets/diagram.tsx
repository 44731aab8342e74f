// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The compiler's call-flow SVG, with the same flow as a list for those who cannot see it. */
import { type FlowGraph, flowSvg } from "@switchboard/rules-compiler";
import { raw } from "hono/html";

export function FlowDiagram({ flow }: { flow: FlowGraph }) {
  const out = new Map<string, string[]>();
  for (const edge of flow.edges) {
    const list = out.get(edge.from) ?? [];
    list.push(edge.label ? `${edge.label} → ${edge.to}` : `then → ${edge.to}`);
    out.set(edge.from, list);
  }
  return (
    <figure class="diagram">
      <div
        class="diagram-canvas"
        role="img"
        tabindex={0}
        aria-label={`Call flow of ${flow.name}: ${flow.nodes.length} nodes; calls enter at ${flow.entry}. The list below describes it.`}
      >
        {raw(flowSvg(flow))}
      </div>
      <figcaption>
        Calls enter at <strong>{flow.entry}</strong> (thick border). Dashed arrows go back up.
      </figcaption>
      <details>
        <summary>Call flow as text</summary>
        <ul class="flow-text">
          {flow.nodes.map((node) => (
            <li>
              <strong>{node.id}</strong> — {node.type}
              {node.detail ? `: ${node.detail}` : ""}
              {(out.get(node.id) ?? []).length > 0 && ` (${(out.get(node.id) ?? []).join("; ")})`}
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
