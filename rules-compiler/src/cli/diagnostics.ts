/** Diagnostics on a terminal: formatDiagnostic's text, with the severity coloured on a TTY. */
import type { Diagnostic } from "../diagnostic.ts";
import { formatDiagnostic } from "../format.ts";
import { paint, type Terminal } from "./terminal.ts";

export function printDiagnostic(term: Terminal, d: Diagnostic, source: string): void {
  const p = paint(term);
  const [head = "", ...rest] = formatDiagnostic(d, source).split("\n");
  const severity = d.severity === "error" ? p.red : p.yellow;
  const headline = head.replace(` ${d.severity} `, ` ${severity(d.severity)} `);
  const body = rest.map((line) => (line.startsWith("hint: ") ? p.cyan(line) : line));
  term.out(`${[p.bold(headline), ...body].join("\n")}\n`);
}

/** "1 error", "2 warnings": counts read as sentences, not as "error(s)". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
