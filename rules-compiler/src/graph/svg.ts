/**
 * The call flow as a standalone SVG, laid out by layout.ts: boxes coloured by what a node does,
 * arrows with their labels on a white ground, arrows that go back up dashed. Text widths are
 * estimated (no font metrics without a browser), generously, so labels fit.
 */
import type { FlowGraph, FlowNode } from "./flow.ts";
import { layout, type Route } from "./layout.ts";

const FILL: Record<FlowNode["type"], string> = {
  schedule: "#fff4d6",
  match: "#fff4d6",
  menu: "#e3f2fd",
  connect: "#e8f5e9",
  queue: "#e8f5e9",
  play: "#f3e5f5",
  voicemail: "#ede7f6",
  hangup: "#fdecea",
  reject: "#fdecea",
};
const TITLE_CHAR = 7.4;
const DETAIL_CHAR = 6.4;
const LABEL_CHAR = 6.2;
const BOX_HEIGHT = 42;

export function svg(graph: FlowGraph): string {
  const lines = new Map(graph.nodes.map((n) => [n.id, boxLines(n)]));
  const size = (id: string) => {
    const [title = "", detail = ""] = lines.get(id) ?? [];
    const width = Math.max(title.length * TITLE_CHAR, [...detail].length * DETAIL_CHAR) + 24;
    return { width: Math.round(Math.max(96, width)), height: BOX_HEIGHT };
  };
  const { width: boxesWidth, height, boxes, routes } = layout(graph, size);
  const type = new Map(graph.nodes.map((n) => [n.id, n.type]));
  let width = boxesWidth;

  const out = [
    '<g fill="none" stroke="#555" stroke-width="1.3">',
    ...routes.map(
      (r) =>
        `<path d="${pathOf(r)}"${r.back ? ' stroke-dasharray="5 3"' : ""} marker-end="url(#arrow)"/>`,
    ),
    "</g>",
    "<g>",
  ];
  for (const box of boxes) {
    const [title = "", detail = ""] = lines.get(box.id) ?? [];
    const entry = box.id === graph.entry;
    out.push(
      `<rect x="${n(box.x - box.width / 2)}" y="${n(box.y - box.height / 2)}" width="${n(box.width)}" height="${n(box.height)}" rx="7" fill="${FILL[type.get(box.id) ?? "play"]}" stroke="#333" stroke-width="${entry ? 2.5 : 1}"/>`,
      `<text x="${n(box.x)}" y="${n(box.y - 4)}" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
      `<text x="${n(box.x)}" y="${n(box.y + 12)}" text-anchor="middle" font-size="11" fill="#444">${escapeXml(detail)}</text>`,
    );
  }
  out.push("</g>", '<g font-size="11">');
  const placed: Rect[] = [];
  for (const route of routes) {
    if (!route.label) continue;
    const w = [...route.label].length * LABEL_CHAR + 8;
    const rect = placeLabel(route, w, placed);
    placed.push(rect);
    width = Math.max(width, rect.x + w + 8);
    out.push(
      `<rect x="${n(rect.x)}" y="${n(rect.y)}" width="${n(w)}" height="16" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      `<text x="${n(rect.x + w / 2)}" y="${n(rect.y + 12)}" text-anchor="middle" fill="#1a4d8f">${escapeXml(route.label)}</text>`,
    );
  }
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(graph.name)}: call flow</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
  ];
  return `${[...head, ...out, "</g>", "</svg>"].join("\n")}\n`;
}

function boxLines(node: FlowNode): [string, string] {
  return [node.id, [node.type, node.detail].filter(Boolean).join(" · ")];
}

/** Straight lines for a loop on one node, else an S-curve between each pair of points. */
function pathOf(route: Route): string {
  const [start = [0, 0], ...rest] = route.points;
  let d = `M${n(start[0])},${n(start[1])}`;
  let [x0, y0] = start;
  for (const [x, y] of rest) {
    const my = (y0 + y) / 2;
    d += route.self ? ` L${n(x)},${n(y)}` : ` C${n(x0)},${n(my)} ${n(x)},${n(my)} ${n(x)},${n(y)}`;
    [x0, y0] = [x, y];
  }
  return d;
}

interface Rect {
  x: number;
  y: number;
  w: number;
}

/**
 * On the arrow's first bend (close to the node the choice belongs to): halfway, or further
 * along when that spot is taken by another label, as when a menu fans out.
 */
function placeLabel(route: Route, w: number, placed: readonly Rect[]): Rect {
  const [a = [0, 0], b = a] = route.points;
  if (route.self) return { x: a[0] + 34, y: a[1], w };
  const at = (t: number): Rect => {
    const u = 1 - t;
    const x = a[0] * (u * u * u + 3 * u * u * t) + b[0] * (3 * u * t * t + t * t * t);
    return { x: Math.max(2, x - w / 2), y: a[1] + (b[1] - a[1]) * t - 8, w };
  };
  const free = (r: Rect) =>
    placed.every((p) => r.x + r.w <= p.x || p.x + p.w <= r.x || Math.abs(r.y - p.y) >= 16);
  for (const t of [0.5, 0.72, 0.28, 0.88, 0.12]) if (free(at(t))) return at(t);
  return at(0.5);
}

/** Coordinates with at most one decimal, so output is stable and small. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
