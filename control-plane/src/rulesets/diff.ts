/**
 * A unified diff (`diff -u` format, 3 lines of context) between two rule files, by Myers'
 * O(ND) algorithm over lines after trimming the common head and tail. Past `maxEdits` changed
 * lines it stops searching and shows the differing middle as one replacement: still a correct
 * diff, just not a minimal one.
 */
type Op = { type: " " | "-" | "+"; line: string };

const maxEdits = 2000;
const context = 3;

export function unifiedDiff(
  from: string,
  to: string,
  labels: { from: string; to: string },
): string {
  const ops = diffLines(lines(from), lines(to));
  if (ops.every((op) => op.type === " ")) return "";
  return `${[`--- ${labels.from}`, `+++ ${labels.to}`, ...hunks(ops)].join("\n")}\n`;
}

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  if (all.at(-1) === "") all.pop();
  return all;
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const same = (list: string[]) => list.map((line): Op => ({ type: " ", line }));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  return [...same(a.slice(0, head)), ...myers(midA, midB), ...same(a.slice(a.length - tail))];
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(n + m, maxEdits); d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
  }
  return [
    ...a.map((line): Op => ({ type: "-", line })),
    ...b.map((line): Op => ({ type: "+", line })),
  ];
}

/** Walks the saved frontiers from the end back to the start, collecting the edit script. */
function backtrack(trace: Int32Array[], a: string[], b: string[]): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] as Int32Array; // v[k + d] is the frontier of diagonal k before step d
    const at = (k: number) => v[k + d] ?? 0;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ type: " ", line: a[x] as string });
    }
    if (d > 0) {
      if (down) ops.push({ type: "+", line: b[--y] as string });
      else ops.push({ type: "-", line: a[--x] as string });
    }
  }
  return ops.reverse();
}

function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  let i = 0;
  // Line numbers (1-based) of ops[i] in the old and new file.
  const oldLine = [1];
  const newLine = [1];
  for (const op of ops) {
    oldLine.push((oldLine.at(-1) ?? 1) + (op.type === "+" ? 0 : 1));
    newLine.push((newLine.at(-1) ?? 1) + (op.type === "-" ? 0 : 1));
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.type === " ") i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2 × context unchanged lines.
    for (let j = i; j < ops.length; j++) {
      if (ops[j]?.type !== " ") end = j + 1;
      else if (j - end >= 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const oldCount = slice.filter((op) => op.type !== "+").length;
    const newCount = slice.filter((op) => op.type !== "-").length;
    const oldStart = (oldLine[start] ?? 1) - (oldCount === 0 ? 1 : 0);
    const newStart = (newLine[start] ?? 1) - (newCount === 0 ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of slice) out.push(`${op.type}${op.line}`);
    i = stop;
  }
  return out;
}
