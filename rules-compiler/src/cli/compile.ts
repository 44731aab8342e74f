/** `compile <file> -o <out>`: writes the bundle and prints its SHA-256 and size. */
import { compile } from "../index.ts";
import { printDiagnostic } from "./diagnostics.ts";
import { type Command, Exit, onePath, readText, requiredString, writeOutput } from "./terminal.ts";

export const compileCommand: Command = {
  name: "compile",
  summary: "compile a rule file into a bundle",
  help: `usage: switchboard-rules compile <file> -o <out>

Compiles one rule file and writes its bundle (the bytes the engine runs) to <out>, then prints
the bundle's sha256 and size. Prints diagnostics and exits 1 when the file has errors.

options:
  -o, --out <path>   where to write the bundle`,
  options: { out: { type: "string", short: "o" } },
  run(args, term) {
    const file = onePath(args);
    const out = requiredString(args, "out");
    const source = readText(file);
    const result = compile(source, { file });
    for (const d of result.diagnostics) printDiagnostic(term, d, source);
    if (!result.ok) return Exit.failed;
    writeOutput(out, result.bundle);
    term.out(`${out}: sha256 ${result.hash}, ${result.bundle.length} bytes`);
    return Exit.ok;
  },
};
