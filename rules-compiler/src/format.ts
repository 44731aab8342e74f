/**
 * Prints a diagnostic the way compilers do: where, what, the source line with a caret (a
 * tilde underline when the range is on one line), and how to fix it (hints.ts fills in a hint
 * for a diagnostic made without one).
 *
 *   florist.yaml:12:16: error SB3001: unknown node "shopp"
 *     12 |       "1": shopp
 *        |            ^~~~~
 *   hint: did you mean "shop"?
 */
import type { Diagnostic } from "./diagnostic.ts";
import { hintFor } from "./hints.ts";

export function formatDiagnostic(d: Diagnostic, source: string): string {
  const out = [
    `${d.file ?? "<input>"}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`,
  ];
  const text = source.split(/\r?\n/)[d.line - 1];
  if (text !== undefined) {
    const gutter = String(d.line);
    const width =
      d.endLine === d.line && d.endColumn !== undefined
        ? Math.max(1, Math.min(d.endColumn, text.length + 1) - d.column)
        : 1;
    // Keep tabs so the caret lines up under the same column as the text.
    const pad = text.slice(0, d.column - 1).replace(/[^\t]/g, " ");
    out.push(`  ${gutter} | ${text}`);
    out.push(`  ${" ".repeat(gutter.length)} | ${pad}^${"~".repeat(width - 1)}`);
  }
  out.push(`hint: ${hintFor(d)}`);
  return out.join("\n");
}
