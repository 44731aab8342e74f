/**
 * Streamed parsing of a subscriber import: the body is read chunk by chunk and split into lines,
 * so memory stays flat however many rows arrive. Each row becomes a plain object for
 * SubscriberSettingsSchema, or a message saying what is wrong with that line.
 */
export type ParsedRow = { line: number; value: unknown } | { line: number; error: string };

/** Longest line accepted; a longer one is reported and skipped, never buffered whole. */
const maxLineBytes = 64 * 1024;

export async function* readLines(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ line: number; text: string | null }> {
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;
  let overlong = false;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
      line++;
      const text = pending.slice(start, end).replace(/\r$/, "");
      yield { line, text: overlong || text.length > maxLineBytes ? null : text };
      overlong = false;
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineBytes) {
      overlong = true;
      pending = "";
    }
    if (done) break;
  }
  if (pending.length > 0 || overlong) yield { line: line + 1, text: overlong ? null : pending };
}

const tooLong = `line longer than ${maxLineBytes} bytes`;

export async function* ndjsonRows(lines: AsyncIterable<{ line: number; text: string | null }>) {
  for await (const { line, text } of lines) {
    if (text === null) {
      yield { line, error: tooLong } satisfies ParsedRow;
      continue;
    }
    if (text.trim() === "") continue;
    try {
      yield { line, value: JSON.parse(text) as unknown } satisfies ParsedRow;
    } catch (error) {
      yield { line, error: `not JSON: ${(error as Error).message}` } satisfies ParsedRow;
    }
  }
}

/**
 * CSV with a header row naming the columns (any order; only `number` is required):
 * `number, forwarding.unconditional, forwarding.busy, forwarding.noAnswer,
 * forwarding.unreachable, noAnswerTimeoutSec, dnd.weekly, dnd.timezone, blocklist`.
 * `dnd.weekly` is `mon-fri 00:00-07:00 22:00-24:00; sat-sun 00:00-24:00`; `blocklist` is
 * space-separated. Empty cells are absent. Fields may be "quoted" ("" for a quote) but not
 * span lines.
 */
export const csvColumns = [
  "number",
  "forwarding.unconditional",
  "forwarding.busy",
  "forwarding.noAnswer",
  "forwarding.unreachable",
  "noAnswerTimeoutSec",
  "dnd.weekly",
  "dnd.timezone",
  "blocklist",
] as const;

export class CsvHeaderError extends Error {}

export async function* csvRows(lines: AsyncIterable<{ line: number; text: string | null }>) {
  let header: string[] | null = null;
  for await (const { line, text } of lines) {
    if (text === null) {
      yield { line, error: tooLong } satisfies ParsedRow;
      continue;
    }
    if (text.trim() === "") continue;
    const cells = splitCsv(text);
    if (header === null) {
      if (typeof cells === "string") throw new CsvHeaderError(`header (line ${line}): ${cells}`);
      header = cells.map((c) => c.trim());
      const unknown = header.filter((c) => !(csvColumns as readonly string[]).includes(c));
      if (unknown.length > 0 || !header.includes("number")) {
        throw new CsvHeaderError(
          `header (line ${line}): ${unknown.length ? `unknown column(s) ${unknown.join(", ")}` : "no number column"}; columns are ${csvColumns.join(", ")}`,
        );
      }
      continue;
    }
    if (typeof cells === "string") {
      yield { line, error: cells } satisfies ParsedRow;
    } else if (cells.length !== header.length) {
      yield {
        line,
        error: `${cells.length} cells, but the header has ${header.length} columns`,
      } satisfies ParsedRow;
    } else {
      yield { line, value: toSettings(header, cells) } satisfies ParsedRow;
    }
  }
}

function toSettings(header: string[], cells: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const forwarding: Record<string, string> = {};
  const dnd: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = (cells[i] ?? "").trim();
    if (cell === "") return;
    const [group, field] = column.split(".") as [string, string | undefined];
    if (group === "forwarding" && field) forwarding[field] = cell;
    else if (column === "dnd.weekly") dnd.weekly = parseWeekly(cell);
    else if (column === "dnd.timezone") dnd.timezone = cell;
    else if (column === "blocklist") row.blocklist = cell.split(/\s+/);
    else if (column === "noAnswerTimeoutSec") row.noAnswerTimeoutSec = Number(cell);
    else row[column] = cell;
  });
  if (Object.keys(forwarding).length > 0) row.forwarding = forwarding;
  if (Object.keys(dnd).length > 0) row.dnd = dnd;
  return row;
}

/** `mon-fri 00:00-07:00 22:00-24:00; sat 00:00-24:00` → `{"mon-fri": [...], sat: [...]}` */
function parseWeekly(cell: string): Record<string, string[]> {
  const weekly: Record<string, string[]> = {};
  for (const part of cell.split(";")) {
    const [days, ...intervals] = part.trim().split(/\s+/);
    if (days) weekly[days] = intervals;
  }
  return weekly;
}

/** One CSV line's cells, or what is wrong with its quoting. */
function splitCsv(text: string): string[] | string {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let cell = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return "unterminated quoted field (fields may not span lines)";
        cell += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      cells.push(cell);
      if (i < text.length && text[i] !== ",") return `unexpected text after a quoted field`;
    } else {
      const comma = text.indexOf(",", i);
      cells.push(text.slice(i, comma < 0 ? text.length : comma));
      i = comma < 0 ? text.length : comma;
    }
    if (i >= text.length) return cells;
    i++; // the comma
    if (i === text.length) {
      cells.push("");
      return cells;
    }
  }
}
