/** Reads and compiles the Pbx a command works on, printing its diagnostics when it fails. */
import { type CompiledPbx, compilePbx } from "../compiled-pbx.ts";
import { printDiagnostic } from "./diagnostics.ts";
import { readText, type Terminal } from "./terminal.ts";

export function readPbx(file: string, term: Terminal): CompiledPbx | null {
  const source = readText(file);
  const compiled = compilePbx(source, file);
  if (compiled.ok) return compiled.pbx;
  for (const d of compiled.diagnostics) printDiagnostic(term, d, source);
  return null;
}
