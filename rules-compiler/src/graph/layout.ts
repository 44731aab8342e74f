/**
 * A small layered layout (after Sugiyama) for call flows of 10–50 nodes, with no browser or
 * Graphviz: arrows that go back up (menus repeating, retries) are turned around, nodes get the
 * layer of their longest path from the entry, long arrows pass through invisible waypoints, the
 * order within a layer follows the neighbours' average position (barycenter), and x positions
 * are pulled toward the neighbours. Everything is in source order, so the output is stable.
 */
import type { FlowGraph } from "./flow.ts";

export interface Box {
  id: string;
  /** centre */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Route {
  /** position in the graph's (merged) edge list */
  index: number;
  from: string;
  to: string;
  label: string;
  /** the labels of the arrows merged into this one ("busy", "no answer"), in order */
  parts: string[];
  /** from the source's border to the target's border; rows are crossed straight down */
  points: [number, number][];
  /** an arrow that goes back up, against the flow */
  back: boolean;
  /** an arrow from a node to itself */
  self: boolean;
}

export interface Layout {
  width: number;
  height: number;
  boxes: Box[];
  routes: Route[];
  /** each node's row, 0 for the entry's */
  rows: Map<string, number>;
}

const MARGIN = 24;
const GAP = 36;
const WAYPOINT_GAP = 14;
const ROW_GAP = 64;

interface Vertex {
  id: string;
  layer: number;
  width: number;
  x: number;
  order: number;
  up: Vertex[];
  down: Vertex[];
}

export function layout(
  graph: FlowGraph,
  size: (id: string) => { width: number; height: number },
  /** extra space below row i, for labels that do not fit the usual gap */
  options: { extraGap?: readonly number[] } = {},
): Layout {
  const extra = options.extraGap ?? [];
  const edges = mergeEdges(graph);
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of edges) if (e.from !== e.to) out.get(e.from)?.push(e.to);

  // Depth-first from the entry (then any node not reached, in source order): an edge to a node
  // still on the stack goes back up. Reverse finishing order is then a topological order.
  const state = new Map<string, 1 | 2>();
  const discovered: string[] = [];
  const finished: string[] = [];
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 1);
    discovered.push(id);
    for (const to of out.get(id) ?? []) {
      if (state.get(to) === 1) back.add(`${id}\u0000${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 2);
    finished.push(id);
  };
  for (const id of [graph.entry, ...graph.nodes.map((n) => n.id)])
    if (out.has(id) && !state.has(id)) visit(id);

  const vertex = new Map<string, Vertex>();
  discovered.forEach((id, order) => {
    vertex.set(id, { id, layer: 0, width: size(id).width, x: 0, order, up: [], down: [] });
  });
  const downward = edges
    .filter((e) => e.from !== e.to)
    .map((e) => {
      const isBack = back.has(`${e.from}\u0000${e.to}`);
      return { edge: e, back: isBack, top: isBack ? e.to : e.from, bottom: isBack ? e.from : e.to };
    });
  const rank = new Map(finished.map((id, i) => [id, finished.length - i]));
  const byTopo = [...downward].sort((a, b) => (rank.get(a.top) ?? 0) - (rank.get(b.top) ?? 0));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of byTopo) {
      const top = vertex.get(d.top) as Vertex;
      const bottom = vertex.get(d.bottom) as Vertex;
      if (bottom.layer < top.layer + 1) {
        bottom.layer = top.layer + 1;
        changed = true;
      }
    }
  }

  // Waypoints on every layer a long arrow crosses.
  const chains = downward.map((d) => {
    const top = vertex.get(d.top) as Vertex;
    const bottom = vertex.get(d.bottom) as Vertex;
    const chain = [top];
    for (let layer = top.layer + 1; layer < bottom.layer; layer++) {
      const id = `\u0000${chain.length}:${d.top}>${d.bottom}`;
      const w = { id, layer, width: 0, x: 0, order: top.order + 0.5, up: [], down: [] };
      vertex.set(id, w);
      chain.push(w);
    }
    chain.push(bottom);
    for (let i = 1; i < chain.length; i++) {
      (chain[i - 1] as Vertex).down.push(chain[i] as Vertex);
      (chain[i] as Vertex).up.push(chain[i - 1] as Vertex);
    }
    return { ...d, chain };
  });

  const layers: Vertex[][] = [];
  for (const v of vertex.values()) {
    const layer = layers[v.layer] ?? [];
    layer.push(v);
    layers[v.layer] = layer;
  }
  for (const layer of layers) sortBy(layer, (v) => v.order);
  orderByBarycenter(layers);
  placeX(layers);

  const height = Math.max(...graph.nodes.map((n) => size(n.id).height));
  const tops = [0];
  for (let l = 1; l < layers.length; l++)
    tops.push((tops[l - 1] as number) + height + ROW_GAP + (extra[l - 1] ?? 0));
  const rowY = (layer: number) => MARGIN + height / 2 + (tops[layer] ?? 0);
  const left = Math.min(...[...vertex.values()].map((v) => v.x - v.width / 2));
  for (const v of vertex.values()) v.x += MARGIN - left;
  const boxes: Box[] = graph.nodes.map((n) => {
    const v = vertex.get(n.id) as Vertex;
    return { id: n.id, x: v.x, y: rowY(v.layer), ...size(n.id) };
  });

  const routes: Route[] = edges
    .filter((e) => e.from === e.to)
    .map((e) => {
      const v = vertex.get(e.from) as Vertex;
      const [x, y] = [v.x + v.width / 2, rowY(v.layer)];
      const points: [number, number][] = [
        [x, y - 8],
        [x + 28, y - 8],
        [x + 28, y + 8],
        [x, y + 8],
      ];
      return { ...e, points, back: true, self: true };
    });
  for (const { edge, back: isBack, chain } of chains) {
    // Arrows going back up leave and enter a quarter of a box off centre, apart from the rest.
    // A waypoint crosses its row straight down, so arrows bend only between rows, never over
    // a box.
    const shift = (v: Vertex) => (isBack && v.width > 0 ? v.width / 4 : 0);
    const points = chain.flatMap((v, i): [number, number][] => {
      const [x, y] = [v.x + shift(v), rowY(v.layer)];
      if (i === 0) return [[x, y + height / 2]];
      if (i === chain.length - 1) return [[x, y - height / 2]];
      return [
        [x, y - height / 2],
        [x, y + height / 2],
      ];
    });
    if (isBack) points.reverse();
    routes.push({ ...edge, points, back: isBack, self: false });
  }
  routes.sort((a, b) => a.index - b.index);

  const width = Math.max(...[...vertex.values()].map((v) => v.x + v.width / 2)) + MARGIN + 28;
  const rows = new Map(graph.nodes.map((n) => [n.id, (vertex.get(n.id) as Vertex).layer]));
  return { width, height: rowY(layers.length - 1) + height / 2 + MARGIN, boxes, routes, rows };
}

/** Arrows between the same two nodes become one arrow with all labels ("busy, no answer"). */
function mergeEdges(graph: FlowGraph) {
  const merged = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const { from, to, label } of graph.edges) {
    const key = `${from}\u0000${to}`;
    const m = merged.get(key) ?? { from, to, labels: [] };
    if (label) m.labels.push(label);
    merged.set(key, m);
  }
  return [...merged.values()].map(({ from, to, labels }, index) => ({
    index,
    from,
    to,
    label: labels.join(", "),
    parts: labels,
  }));
}

function orderByBarycenter(layers: Vertex[][]): void {
  const index = (vs: Vertex[]) => {
    vs.forEach((v, i) => {
      v.order = i;
    });
  };
  for (const layer of layers) index(layer);
  const mean = (vs: Vertex[], fallback: number) =>
    vs.length === 0 ? fallback : vs.reduce((s, v) => s + v.order, 0) / vs.length;
  // Sweeps can trade one crossing for another; keep the order with the fewest.
  let best = { crossings: crossings(layers), orders: layers.map((layer) => [...layer]) };
  for (let sweep = 0; sweep < 8; sweep++) {
    if (sweep % 2 === 0) {
      for (let l = 1; l < layers.length; l++) {
        const layer = layers[l] as Vertex[];
        sortBy(layer, (v) => mean(v.up, v.order));
        index(layer);
      }
    } else {
      for (let l = layers.length - 2; l >= 0; l--) {
        const layer = layers[l] as Vertex[];
        sortBy(layer, (v) => mean(v.down, v.order));
        index(layer);
      }
    }
    const now = crossings(layers);
    if (now < best.crossings) best = { crossings: now, orders: layers.map((layer) => [...layer]) };
  }
  best.orders.forEach((order, l) => {
    layers[l] = order;
    index(order);
  });
}

/** Pairs of arrows between two neighbouring layers that cross. */
function crossings(layers: Vertex[][]): number {
  let count = 0;
  for (const layer of layers) {
    const pairs = layer.flatMap((v) => v.down.map((w) => [v.order, w.order] as const));
    for (let i = 0; i < pairs.length; i++)
      for (let j = i + 1; j < pairs.length; j++) {
        const [a, b] = [
          pairs[i] as readonly [number, number],
          pairs[j] as readonly [number, number],
        ];
        if ((a[0] - b[0]) * (a[1] - b[1]) < 0) count++;
      }
  }
  return count;
}

function placeX(layers: Vertex[][]): void {
  const gap = (a: Vertex, b: Vertex) =>
    (a.width + b.width) / 2 + (a.width > 0 && b.width > 0 ? GAP : WAYPOINT_GAP);
  const place = (layer: Vertex[], want: (v: Vertex) => number) => {
    const desired = layer.map(want);
    layer.forEach((v, i) => {
      const prev = layer[i - 1];
      v.x = prev ? Math.max(desired[i] as number, prev.x + gap(prev, v)) : (desired[i] as number);
    });
    // Packing only pushes right; shift the layer back so it sits centred on what it wanted.
    const drift = layer.reduce((s, v, i) => s + ((desired[i] as number) - v.x), 0) / layer.length;
    for (const v of layer) v.x += drift;
  };
  const mean = (vs: Vertex[], fallback: number) =>
    vs.length === 0 ? fallback : vs.reduce((s, v) => s + v.x, 0) / vs.length;
  for (const layer of layers) place(layer, () => 0);
  // Up passes first, so the last pass hangs each layer under its parents, read from the entry.
  for (let pass = 0; pass < 4; pass++) {
    for (let l = layers.length - 2; l >= 0; l--)
      place(layers[l] as Vertex[], (v) => mean(v.down, v.x));
    for (let l = 1; l < layers.length; l++) place(layers[l] as Vertex[], (v) => mean(v.up, v.x));
  }
}

/** A stable sort by a numeric key (Array.prototype.sort is stable). */
function sortBy<T>(items: T[], key: (item: T) => number): void {
  const keys = new Map(items.map((item) => [item, key(item)]));
  items.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
}
