/** `graph <file> --format mermaid|dot|svg [-o out]`: the call flow as a diagram. */
import { dot } from "../graph/dot.ts";
import { type FlowGraph, flowGraph } from "../graph/flow.ts";
import { mermaid } from "../graph/mermaid.ts";
import { svg } from "../graph/svg.ts";
import { readPbx } from "./pbx.ts";
import { type Command, Exit, onePath, UsageError, writeOutput } from "./terminal.ts";

const RENDERERS: Record<string, (graph: FlowGraph) => string> = { mermaid, dot, svg };

export const graphCommand: Command = {
  name: "graph",
  summary: "draw the call flow as mermaid, dot or svg",
  help: `usage: switchboard-rules graph <file> [--format mermaid|dot|svg] [-o <out>]

Draws the call flow of a Pbx: a box per node (id, type, what it plays or dials) and an arrow per
way a call moves on, labelled with the digit, busy / no answer / failed, open / closed, timeout,
no input / invalid, or the match case. Arrows going back up are dashed in svg.

options:
  -f, --format <f>   mermaid (default), dot (Graphviz) or svg (rendered here, no browser)
  -o, --out <path>   write to a file instead of stdout`,
  options: { format: { type: "string", short: "f" }, out: { type: "string", short: "o" } },
  run(args, term) {
    const file = onePath(args);
    const format = (args.values.format as string | undefined) ?? "mermaid";
    const render = RENDERERS[format];
    if (!render) throw new UsageError(`unknown --format "${format}"; use mermaid, dot or svg`);
    const pbx = readPbx(file, term);
    if (!pbx) return Exit.failed;
    const text = render(flowGraph(pbx.rule.metadata.name, pbx.rule.spec));
    const out = args.values.out;
    if (typeof out === "string") {
      writeOutput(out, text);
      term.out(
        `${out}: ${format}, ${pbx.rule.metadata.name}, ${Object.keys(pbx.rule.spec.nodes).length} nodes`,
      );
    } else term.out(text.trimEnd());
    return Exit.ok;
  },
};
