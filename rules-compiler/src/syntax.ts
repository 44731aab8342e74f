/**
 * Pass 1 (YAML syntax errors, explained): the `yaml` library's errors say what its parser
 * expected ("All mapping items must start at the same column", "Implicit keys need to be on a
 * single line"), often at the start of a blank line and followed by a cascade of errors on the
 * correct lines after the real mistake. Here each becomes what a person fixes: the line that is
 * indented differently from its neighbours (named, with both indentations), the key missing its
 * `:`, the `[` or `"` never closed, the tab.
 *
 * After the first error about the file's structure (indentation, keys, brackets), later
 * structure errors are left out: the parser has lost track of the nesting, so they point at
 * lines that are fine. Other errors (a tab, a bad escape, a second document) are all reported.
 */
import type { YAMLError } from "yaml";
import type { Span } from "./diagnostic.ts";

export interface SyntaxProblem {
  message: string;
  span: Span;
  hint: string;
}

const STRUCTURE = new Set([
  "BAD_INDENT",
  "BLOCK_AS_IMPLICIT_KEY",
  "MULTILINE_IMPLICIT_KEY",
  "MISSING_CHAR",
  "UNEXPECTED_TOKEN",
  "BAD_SCALAR_START",
  "BLOCK_IN_FLOW",
  "IMPOSSIBLE",
]);

const QUOTE_HINT = "quote values that contain ':', '#', '*', '&', '!', '|', '>' or '@'";

export function explainSyntax(source: string, errors: readonly YAMLError[]): SyntaxProblem[] {
  const lines = new Lines(source);
  const out: SyntaxProblem[] = [];
  const seenLines = new Set<number>();
  let structureSeen = false;
  for (const e of [...errors].sort((a, b) => a.pos[0] - b.pos[0])) {
    const structural = STRUCTURE.has(e.code);
    if (structural && structureSeen) continue;
    const problem = explain(e, lines);
    const line = lines.lineOf(problem.span[0]);
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    // A tab throws the indentation of the lines after it off as much as a wrong indent does.
    if (structural || e.code === "TAB_AS_INDENT") structureSeen = true;
    out.push(problem);
  }
  return out;
}

function explain(e: YAMLError, lines: Lines): SyntaxProblem {
  const first = e.message.split("\n")[0] ?? e.message;
  const text = first.replace(/ at line \d+, column \d+:?$/, "");
  const fallback = (hint: string): SyntaxProblem => ({
    message: text,
    span: lines.skipBlank(e.pos),
    hint,
  });
  if (text.includes("Maximum call stack size exceeded")) {
    return {
      message: "the YAML nests too deeply to read",
      span: [e.pos[0], e.pos[0]],
      hint: "a rule file needs a few levels of nesting; look for an unclosed [ or {",
    };
  }
  switch (e.code) {
    case "TAB_AS_INDENT":
      return {
        message: `a tab indents line ${lines.lineOf(e.pos[0])}; YAML indents with spaces only`,
        span: e.pos,
        hint: "replace the tab with spaces (rule files use 2 spaces per level)",
      };
    case "MULTIPLE_DOCS":
      return {
        message: "a second document starts here; a rule file holds one",
        span: e.pos,
        hint: "put each rule file in a file of its own, or remove this `---`",
      };
    case "BAD_DQ_ESCAPE":
      return fallback(
        "in \"double quotes\" a backslash starts an escape: write \\\\ for one, or use 'single quotes'",
      );
    case "BAD_ALIAS":
      return fallback("define the anchor (&name) before using it (*name), or quote the text");
    case "DUPLICATE_KEY":
      return fallback("remove one of the two keys, or rename it");
  }
  if (/^Flow (sequence|mapping)/.test(text) || /^Missing closing [\]}]/.test(text)) {
    const open = lines.unclosedBracket(e.pos[0]);
    if (open !== null) {
      const bracket = lines.source[open] as "[" | "{";
      const close = bracket === "[" ? "]" : "}";
      return {
        message: `the ${bracket === "[" ? "list" : "map"} \`${bracket}\` opened on line ${lines.lineOf(open)} is never closed`,
        span: [open, open + 1],
        hint: `end it with \`${close}\` after its last item`,
      };
    }
  }
  if (/^Missing closing "?quote/.test(text) || /Missing closing "/.test(text)) {
    const quote = lines.openingQuote(e.pos[0]);
    if (quote !== null) {
      return {
        message: `the text in quotes starting on line ${lines.lineOf(quote)} is never closed`,
        span: [quote, quote + 1],
        hint: `end it with a matching ${lines.source[quote]} on the same line`,
      };
    }
  }
  if (e.code === "MISSING_CHAR" && /followed by map values/.test(text)) {
    return {
      message: "this key has no `:` after it",
      span: lines.skipBlank(e.pos),
      hint: "write `key: value`, with a space after the colon",
    };
  }
  if (
    e.code === "BAD_INDENT" ||
    e.code === "BLOCK_AS_IMPLICIT_KEY" ||
    e.code === "MULTILINE_IMPLICIT_KEY"
  ) {
    const from = lines.lineOf(e.pos[0]);
    // The line after too: a line indented under one that has a value is where yaml stumbles.
    const to = Math.max(from + 1, lines.lineOf(Math.max(e.pos[0], e.pos[1] - 1)));
    const found = indentationProblem(lines, from, to);
    if (found) return found;
    return fallback(
      "give every field of one map the same indentation, with spaces (rule files use 2 per level); the line above may be the one that is off",
    );
  }
  return fallback(`fix the YAML syntax; ${QUOTE_HINT}`);
}

/** One line of the file, as the indentation scan sees it. */
interface Line {
  number: number;
  start: number;
  indent: number;
  /** text after the indentation, without a trailing comment */
  content: string;
}

/**
 * The first line in [from, to] whose indentation does not fit the lines before it, scanned like
 * Python's tokenizer: a deeper line must follow one that opens a block (`key:` or `-`), a
 * shallower one must return to a level already used.
 */
function indentationProblem(lines: Lines, from: number, to: number): SyntaxProblem | null {
  const levels: { indent: number; line: Line | null }[] = [{ indent: 0, line: null }];
  let previous: Line | null = null;
  let skipDeeperThan: number | null = null;
  let openBrackets = 0;
  for (const line of lines.meaningful()) {
    if (line.number > to) break;
    if (openBrackets > 0) {
      openBrackets += bracketBalance(line.content);
      continue;
    }
    if (skipDeeperThan !== null && line.indent > skipDeeperThan) continue;
    skipDeeperThan = null;
    const report = line.number >= from;
    const top = levels[levels.length - 1] as { indent: number; line: Line | null };
    if (line.indent > top.indent) {
      if (previous && !opensBlock(previous.content)) {
        if (report) return deeperThanValue(lines, line, previous);
        // yaml read it as the rest of the value above (a long text over two lines).
        skipDeeperThan = previous.indent;
        continue;
      }
      levels.push({ indent: line.indent, line });
    } else if (line.indent < top.indent) {
      let inner = top;
      while ((levels[levels.length - 1]?.indent ?? 0) > line.indent)
        inner = levels.pop() as typeof top;
      const outer = levels[levels.length - 1] as { indent: number; line: Line | null };
      if (outer.indent !== line.indent && report) return noLevel(lines, line, inner, outer);
      if (outer.indent !== line.indent) levels.push({ indent: line.indent, line });
    }
    const level = levels[levels.length - 1];
    if (level && level.indent === line.indent) level.line = line;
    // A sequence item's own fields sit two columns in, after "- ".
    const item = /^-( +)(?=\S)/.exec(line.content);
    if (item) {
      const inner = line.indent + 1 + (item[1]?.length ?? 1);
      levels.push({ indent: inner, line });
    }
    if (/\|[-+0-9]*$|>[-+0-9]*$/.test(line.content)) skipDeeperThan = line.indent;
    openBrackets = Math.max(0, bracketBalance(line.content));
    previous = line;
  }
  return null;
}

function deeperThanValue(lines: Lines, line: Line, above: Line): SyntaxProblem {
  const aboveKey = keyOf(above.content);
  if (aboveKey === null) {
    const end = above.start + above.indent + above.content.length;
    return {
      message: `"${above.content}" on line ${above.number} has no \`:\` after it, so the indented lines below it cannot be its fields`,
      span: [end, end],
      hint: `write "${above.content}:"`,
    };
  }
  const key = keyOf(line.content);
  const what = key === null ? `line ${line.number}` : `"${key}"`;
  return {
    message: `${what} is indented ${spaces(line.indent)}, more than "${aboveKey}" on line ${above.number} (${spaces(above.indent)}), which already has a value`,
    span: lines.keySpan(line),
    hint: `fields of one map line up: give ${what} and "${aboveKey}" the same indentation`,
  };
}

function noLevel(
  lines: Lines,
  line: Line,
  inner: { indent: number; line: Line | null },
  outer: { indent: number; line: Line | null },
): SyntaxProblem {
  const key = keyOf(line.content);
  const what = key === null ? `line ${line.number}` : `"${key}"`;
  const name = (l: Line | null) =>
    l ? `"${keyOf(l.content) ?? l.content}" (line ${l.number})` : "";
  const parent = outer.line ? `, ${name(outer.line)} ${spaces(outer.indent)}` : "";
  return {
    message: `${what} is indented ${spaces(line.indent)}, which lines up with no level above it: ${name(inner.line)} has ${spaces(inner.indent)}${parent}`,
    span: lines.keySpan(line),
    hint: `indent it like the fields it belongs with: ${spaces(inner.indent)} to stay with ${name(inner.line)}, or ${spaces(outer.indent)} to go one level out`,
  };
}

const spaces = (n: number) => `${n} space${n === 1 ? "" : "s"}`;

/** `key: value`, `key:`, `- key: value` → key; null when the line is not a map entry. */
function keyOf(content: string): string | null {
  const m = /^(?:-\s+)?("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)/.exec(content);
  return m ? (m[1] as string).replace(/^["']|["']$/g, "") : null;
}

function opensBlock(content: string): boolean {
  return /:$/.test(content) || /^-$/.test(content) || /^-\s+[^:]*:$/.test(content);
}

/** Open minus closed brackets outside quotes. */
function bracketBalance(content: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (const c of content) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
  }
  return depth;
}

class Lines {
  readonly starts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source[i] === "\n") this.starts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  text(line: number): string {
    const start = this.starts[line - 1] ?? this.source.length;
    const end = this.starts[line] ?? this.source.length + 1;
    return this.source.slice(start, end - 1).replace(/\r$/, "");
  }

  /** Lines with something on them other than a comment. */
  *meaningful(): Generator<Line> {
    for (let n = 1; n <= this.starts.length; n++) {
      const raw = this.text(n);
      const indent = raw.length - raw.trimStart().length;
      const content = stripComment(raw.slice(indent));
      if (content === "" || content === "---") continue;
      yield { number: n, start: this.starts[n - 1] as number, indent, content };
    }
  }

  /** A span moved past blank space and line ends to the first character someone wrote. */
  skipBlank(pos: readonly [number, number]): Span {
    let at = pos[0];
    while (at < this.source.length && /\s/.test(this.source[at] as string)) at++;
    if (at >= this.source.length) return [pos[0], pos[0]];
    const end = this.source.indexOf("\n", at);
    const lineEnd = end === -1 ? this.source.length : end;
    const token = /^[^\s:]+/.exec(this.source.slice(at, lineEnd))?.[0].length ?? 1;
    return [at, at + token];
  }

  keySpan(line: Line): Span {
    const start = line.start + line.indent;
    const key = keyOf(line.content);
    const length = key === null ? line.content.length : line.content.indexOf(":");
    return [start, start + Math.max(1, length)];
  }

  /** The `[` or `{` before `offset` that has no closing bracket, outside quotes. */
  unclosedBracket(offset: number): number | null {
    const open: number[] = [];
    let quote: string | null = null;
    for (let i = 0; i < offset && i < this.source.length; i++) {
      const c = this.source[i];
      if (c === "\n") quote = null;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        // An apostrophe inside a plain word ("don't") does not open a quote.
        const before = this.source[i - 1] ?? " ";
        if (c === '"' || /[\s[{,:]/.test(before)) quote = c;
      } else if (c === "#" && /\s/.test(this.source[i - 1] ?? " ")) {
        const end = this.source.indexOf("\n", i);
        i = end === -1 ? this.source.length : end - 1;
      } else if (c === "[" || c === "{") open.push(i);
      else if (c === "]" || c === "}") open.pop();
    }
    return open.at(-1) ?? null;
  }

  /** The quote that opens the unterminated quoted text at or before `offset`. */
  openingQuote(offset: number): number | null {
    const line = this.lineOf(Math.min(offset, this.source.length - 1));
    for (let n = line; n >= Math.max(1, line - 50); n--) {
      const start = this.starts[n - 1] as number;
      const text = this.text(n);
      const m = /:\s+(["'])/.exec(text) ?? /^\s*-\s+(["'])/.exec(text);
      if (m) return start + (m.index as number) + m[0].length - 1;
    }
    return null;
  }
}

/** The text of a line without a `# comment` (a `#` after a space, outside quotes). */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || (c === "'" && /[\s[{,:]/.test(text[i - 1] ?? " "))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] as string)))
      return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}
