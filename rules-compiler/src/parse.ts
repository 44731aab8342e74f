/**
 * Pass 1: YAML text → plain data plus a way back from a data path to its source range. Map keys
 * keep the text as written ("01" stays "01", not 1) because menu option keys are digit strings.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from "yaml";
import { Code, type Diagnostic, type Span } from "./diagnostic.ts";
import { explainSyntax } from "./syntax.ts";

export type Path = readonly (string | number)[];

/** A located YAML node: the value's range, and the key's range when it sits in a map. */
export interface Location {
  value: Span;
  key?: Span;
  /** false when the path ends before its last segment (e.g. a missing field) */
  found: boolean;
}

/** The largest rule file read, in UTF-8 bytes (the control plane accepts no larger body). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Alias expansion is bounded so a "billion laughs" file cannot exhaust memory. */
const MAX_VALUES = 200_000;

export class SourceFile {
  readonly lineCounter = new LineCounter();
  readonly doc: Document;
  readonly diagnostics: Diagnostic[] = [];
  data: unknown = null;

  constructor(
    readonly source: string,
    readonly file?: string,
  ) {
    if (this.#tooLarge()) {
      this.doc = parseDocument("");
      return;
    }
    this.doc = parseDocument(source, {
      lineCounter: this.lineCounter,
      prettyErrors: false,
      // Duplicate keys are found in toData with a Set: yaml's own check compares every key
      // with every earlier one, which is quadratic in a 1,000-node `nodes:` map.
      uniqueKeys: false,
    });
    this.#replacementCharacters();
    for (const problem of explainSyntax(source, this.doc.errors)) {
      this.report(Code.yamlSyntax, "error", problem.message, problem.span, { hint: problem.hint });
    }
    for (const w of this.doc.warnings) {
      this.report(Code.yamlWarning, "warning", yamlMessage(w.message), w.pos);
    }
    if (this.doc.errors.length > 0) return;
    if (this.doc.contents === null) {
      const what = this.source.trim() === "" ? "the file is empty" : "the file holds only comments";
      this.report(Code.emptyDocument, "error", what, [0, 0], {
        hint: "start with `apiVersion: switchboard/v1` and `kind: Pbx`",
      });
      return;
    }
    const budget = { left: MAX_VALUES };
    const reported = new Set<number>();
    const duplicate = (key: unknown) => {
      const span = spanOf(key);
      if (reported.has(span[0])) return;
      reported.add(span[0]);
      this.report(Code.yamlSyntax, "error", "Map keys must be unique", span, {
        hint: `remove one of the two "${keyText(key)}" keys, or rename it`,
      });
    };
    this.data = toData(this.doc, this.doc.contents, budget, duplicate);
    if (budget.left < 0) {
      this.report(Code.yamlSyntax, "error", "too many values after alias expansion", [0, 0], {
        hint: "use fewer aliases (*name); a rule file should be written out plainly",
      });
    }
  }

  /** Reading a file far larger than any rule file would only keep the compiler busy. */
  #tooLarge(): boolean {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: count only when it could be too large.
    if (this.source.length * 3 <= MAX_SOURCE_BYTES) return false;
    const bytes = new TextEncoder().encode(this.source).byteLength;
    if (bytes <= MAX_SOURCE_BYTES) return false;
    this.lineCounter.addNewLine(0);
    this.report(
      Code.sourceTooLarge,
      "error",
      `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a rule file is at most ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`,
      [0, 0],
      { hint: "split it into several rule files (a 1,000-node Pbx is about 110 KiB)" },
    );
    return true;
  }

  /**
   * Text decoded from bytes that are not UTF-8 (a file saved as Latin-1 or UTF-16) holds U+FFFD
   * where each bad byte was: compiling it would put "�" in prompts, so it is an error, once a
   * line at the first such character, on the first five such lines.
   */
  #replacementCharacters(): void {
    let lines = 0;
    for (let at = this.source.indexOf("\uFFFD"); at !== -1 && lines++ < 5; ) {
      this.report(
        Code.notUtf8,
        "error",
        "this line holds bytes that are not UTF-8 text (shown as �)",
        [at, at + 1],
        {
          hint: "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8), then check the text on this line",
        },
      );
      const lineEnd = this.source.indexOf("\n", at);
      at = lineEnd === -1 ? -1 : this.source.indexOf("\uFFFD", lineEnd);
    }
  }

  get ok(): boolean {
    return !this.diagnostics.some((d) => d.severity === "error");
  }

  /** Finds the YAML node at a data path, or the deepest node on the way to it. */
  locate(path: Path): Location {
    let node: unknown = this.doc.contents;
    let loc: Location = { value: spanOf(node), found: true };
    for (const segment of path) {
      node = isAlias(node) ? node.resolve(this.doc) : node;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(segment));
        if (!pair) return { ...loc, found: false };
        node = pair.value;
        loc = { value: spanOf(pair.value ?? pair.key), key: spanOf(pair.key), found: true };
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        node = node.items[segment];
        loc = { value: spanOf(node), found: true };
      } else {
        return { ...loc, found: false };
      }
    }
    return loc;
  }

  /** 1-based line and column of a source offset. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** Makes a diagnostic at a span; it is kept in this file's list and returned. */
  at(
    code: string,
    severity: Diagnostic["severity"],
    message: string,
    span: Span,
    extra: { hint?: string } = {},
  ): Diagnostic {
    const start = this.position(span[0]);
    const d: Diagnostic = { code, severity, message, ...start };
    if (this.file !== undefined) d.file = this.file;
    if (span[1] > span[0]) {
      const end = this.position(span[1]);
      d.endLine = end.line;
      d.endColumn = end.column;
    }
    if (extra.hint !== undefined) d.hint = extra.hint;
    return d;
  }

  report(
    code: string,
    severity: Diagnostic["severity"],
    message: string,
    span: Span,
    extra: { hint?: string } = {},
  ): void {
    this.diagnostics.push(this.at(code, severity, message, span, extra));
  }
}

function spanOf(node: unknown): Span {
  const range = (node as YamlNode | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** The key as written: plain scalars keep their source text, quoted ones their value. */
export function keyText(key: unknown): string {
  if (isScalar(key)) return key.source ?? String(key.value);
  return String(key);
}

function toData(
  doc: Document,
  node: unknown,
  budget: { left: number },
  duplicate: (key: unknown) => void,
): unknown {
  if (--budget.left < 0) return null;
  if (isAlias(node)) return toData(doc, node.resolve(doc), budget, duplicate);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toData(doc, item, budget, duplicate));
  if (isMap(node)) {
    // No prototype, so a key like "__proto__" is just a key.
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyText(pair.key);
      if (key in out) duplicate(pair.key);
      out[key] = toData(doc, pair.value, budget, duplicate);
    }
    return out;
  }
  return null;
}

/** yaml messages end with " at line N, column M" — our diagnostic already carries that. */
function yamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}
