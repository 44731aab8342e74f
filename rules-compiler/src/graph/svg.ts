/**
 * The call flow as a standalone SVG, laid out by layout.ts: boxes coloured by what a node does,
 * arrows with their labels on a white ground, arrows that go back up dashed. Text widths are
 * estimated (no font metrics without a browser), generously, so labels fit.
 */
import type { FlowGraph, FlowNode } from "./flow.ts";
import { type Layout, layout, type Route } from "./layout.ts";

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

/** A label's place: its top-left corner, size and lines of text. */
export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

/** Everything the picture holds, placed: boxes, arrows and their labels. */
export interface Drawing extends Layout {
  labels: LabelBox[];
}

/**
 * Lays the graph out and puts every label where it covers no box and no other label, on its
 * own arrow. When a gap between two rows is too crowded for that, that gap widens and it tries
 * again.
 */
export function drawing(graph: FlowGraph): Drawing {
  const lines = new Map(graph.nodes.map((n) => [n.id, boxLines(n)]));
  const size = (id: string) => {
    const [title = "", detail = ""] = lines.get(id) ?? [];
    const width = Math.max(title.length * TITLE_CHAR, [...detail].length * DETAIL_CHAR) + 24;
    return { width: Math.round(Math.max(96, width)), height: BOX_HEIGHT };
  };
  const fansOut = fanningOut(graph);
  const extraGap: number[] = [];
  for (;;) {
    const laid = layout(graph, size, { extraGap });
    const { drawn, crowded } = withLabels(laid, fansOut);
    let widened = false;
    for (const gap of crowded) {
      if ((extraGap[gap] ?? 0) >= MAX_EXTRA_GAP) continue;
      extraGap[gap] = (extraGap[gap] ?? 0) + 24;
      widened = true;
    }
    // Done, or as wide as a gap gets (a node with a dozen long labels): as well as it goes.
    if (!widened) return drawn;
  }
}

const MAX_EXTRA_GAP = 6 * 24;
const ARROW_SHOWN = 8;

/** The gap between rows where a route's label goes: below its upper end. */
function gapOf(route: Route, rows: Map<string, number>, nearTarget: boolean): number {
  const a = rows.get(route.from) ?? 0;
  const b = rows.get(route.to) ?? 0;
  return Math.max(0, nearTarget ? Math.max(a, b) - 1 : Math.min(a, b));
}

/**
 * Whether a route leaves a node with many labelled others (a match, a big menu): its label goes
 * near the target, where the arrows have parted.
 */
function fanningOut(graph: FlowGraph): (route: Route) => boolean {
  const count = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    if (!e.label) continue;
    const targets = count.get(e.from) ?? new Set();
    targets.add(e.to);
    count.set(e.from, targets);
  }
  return (route) => (count.get(route.from)?.size ?? 0) >= 4;
}

/**
 * Every label at its first free spot. A label with no free spot is put on its arrow anyway, and
 * the gap it wanted is reported crowded, to widen.
 */
function withLabels(
  laid: Layout,
  fansOut: (route: Route) => boolean,
): { drawn: Drawing; crowded: Set<number> } {
  const labels: LabelBox[] = [];
  const crowded = new Set<number>();
  const taken = new Grid<Rect>();
  // Boxes count a little taller, so every arrow shows between its label and the boxes.
  for (const b of laid.boxes) {
    taken.add({
      x: b.x - b.width / 2,
      y: b.y - b.height / 2 - ARROW_SHOWN,
      w: b.width,
      h: b.height + 2 * ARROW_SHOWN,
    });
  }
  // Every bend of every arrow: a label should hide no arrow but its own, where it can.
  const bends = new Grid<Bend>(256);
  for (const route of laid.routes) if (!route.self) for (const b of bendsOf(route)) bends.add(b);
  const pad = 2;
  const overlaps = (r: Rect, p: Rect) =>
    r.x < p.x + p.w + pad &&
    p.x < r.x + r.w + pad &&
    r.y < p.y + p.h + pad &&
    p.y < r.y + r.h + pad;
  for (const route of laid.routes) {
    if (!route.label) continue;
    const text = route.label.length > 32 ? mergeShort(route.parts) : [route.label];
    const w = Math.max(...text.map((t) => [...t].length)) * LABEL_CHAR + 8;
    const h = text.length * 14 + 2;
    const spots = candidates(route, w, h, fansOut(route));
    const free = (r: Rect) => !taken.near(r).some((p) => overlaps(r, p));
    const hidesNone = (r: Rect) => !bends.near(r).some((b) => b.route !== route && crosses(b, r));
    const spot = spots.find((r) => free(r) && hidesNone(r)) ?? spots.find(free);
    if (!spot) crowded.add(gapOf(route, laid.rows, fansOut(route)));
    const rect = spot ?? spots[0] ?? { x: 0, y: 0, w, h };
    labels.push({ ...rect, lines: text });
    taken.add(rect);
  }
  const width = Math.max(laid.width, ...labels.map((l) => l.x + l.w + 8));
  return { drawn: { ...laid, width, labels }, crowded };
}

/** Rectangles (and points, of no size) by the cells of a coarse grid they touch. */
class Grid<T extends Rect> {
  readonly #cells = new Map<string, T[]>();

  constructor(readonly cell = 64) {}

  #keys(r: Rect): string[] {
    const c = this.cell;
    const keys: string[] = [];
    for (let x = Math.floor(r.x / c); x <= Math.floor((r.x + r.w) / c); x++)
      for (let y = Math.floor(r.y / c); y <= Math.floor((r.y + r.h) / c); y++)
        keys.push(`${x},${y}`);
    return keys;
  }

  add(item: T): void {
    for (const key of this.#keys(item)) {
      const cell = this.#cells.get(key);
      if (cell) cell.push(item);
      else this.#cells.set(key, [item]);
    }
  }

  /** Items in the cells around `r` (a superset of those overlapping it, padding included). */
  near(r: Rect): T[] {
    const out = new Set<T>();
    for (const key of this.#keys({ x: r.x - 4, y: r.y - 4, w: r.w + 8, h: r.h + 8 }))
      for (const item of this.#cells.get(key) ?? []) out.add(item);
    return [...out];
  }
}

/** Parts of a long merged label, a line each, short neighbours ("busy, no answer") kept together. */
function mergeShort(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + part.length + 2 <= 24)
      out[out.length - 1] = `${last}, ${part}`;
    else out.push(part);
  }
  return out;
}

export function svg(graph: FlowGraph): string {
  const lines = new Map(graph.nodes.map((n) => [n.id, boxLines(n)]));
  const { width, height, boxes, routes, labels } = drawing(graph);
  const type = new Map(graph.nodes.map((n) => [n.id, n.type]));

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
  for (const label of labels) {
    out.push(
      `<rect x="${n(label.x)}" y="${n(label.y)}" width="${n(label.w)}" height="${n(label.h)}" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      ...label.lines.map(
        (line, i) =>
          `<text x="${n(label.x + label.w / 2)}" y="${n(label.y + 12 + i * 14)}" text-anchor="middle" fill="#1a4d8f">${escapeXml(line)}</text>`,
      ),
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
  h: number;
}

/**
 * Spots along the arrow, centred on it: on each of its bends, from the node the choice belongs
 * to onwards, halfway first, then further along or back; from the target back when the arrow
 * leaves a node with many others (they part near their targets).
 */
function candidates(route: Route, w: number, h: number, nearTarget: boolean): Rect[] {
  if (route.self) {
    const [a = [0, 0]] = route.points;
    return [{ x: a[0] + 34, y: a[1] - h / 2, w, h }];
  }
  const out: Rect[] = [];
  const segments = Array.from({ length: route.points.length - 1 }, (_, i) => i + 1);
  if (nearTarget) segments.reverse();
  const along = nearTarget ? [0.72, 0.85, 0.6, 0.5, 0.35] : [0.5, 0.3, 0.7, 0.15, 0.85];
  for (const i of segments) {
    const [x0, y0] = route.points[i - 1] as [number, number];
    const [x1, y1] = route.points[i] as [number, number];
    if (Math.abs(y1 - y0) < h) continue; // a waypoint crossing a row: boxes sit there
    for (const t of along) {
      const [x, y] = bend([x0, y0], [x1, y1], t);
      // Centred on the arrow, else beside it (right, then left).
      for (const left of [x - w / 2, x + 6, x - w - 6])
        out.push({ x: Math.max(2, left), y: y - h / 2, w, h });
    }
  }
  return out;
}

/** A point of the S-bend from a to b (a cubic with both control points at mid height). */
function bend(a: [number, number], b: [number, number], t: number): [number, number] {
  const u = 1 - t;
  return [
    a[0] * (u * u * u + 3 * u * u * t) + b[0] * (3 * u * t * t + t * t * t),
    a[1] + (b[1] - a[1]) * (3 * t * t - 2 * t * t * t),
  ];
}

/** One S-bend of an arrow, between two of its points, with its bounding box. */
interface Bend extends Rect {
  route: Route;
  a: [number, number];
  b: [number, number];
}

function bendsOf(route: Route): Bend[] {
  return route.points.slice(1).map((b, i) => {
    const a = route.points[i] as [number, number];
    const [x, y] = [Math.min(a[0], b[0]), Math.min(a[1], b[1])];
    return { route, a, b, x, y, w: Math.abs(b[0] - a[0]), h: Math.abs(b[1] - a[1]) };
  });
}

/**
 * Whether a bend passes through a rectangle. Along a bend both x and y only grow or only
 * shrink, so it is inside the rectangle's rows for one stretch of t, and its x over that
 * stretch runs between the x at the two ends of it.
 */
function crosses(b: Bend, r: Rect): boolean {
  if (b.x > r.x + r.w || b.x + b.w < r.x || b.y > r.y + r.h || b.y + b.h < r.y) return false;
  const dy = b.b[1] - b.a[1];
  if (Math.abs(dy) < 1e-9) return true; // flat: the box test above was exact
  // y(t) = y0 + dy·s(t), s the smoothstep 3t² − 2t³, whose inverse has a closed form.
  const tAt = (y: number) => {
    const s = Math.min(1, Math.max(0, (y - b.a[1]) / dy));
    return 0.5 - Math.sin(Math.asin(1 - 2 * s) / 3);
  };
  const xs = [tAt(r.y), tAt(r.y + r.h)].map((t) => bend(b.a, b.b, t)[0]);
  return Math.min(...xs) <= r.x + r.w && Math.max(...xs) >= r.x;
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
