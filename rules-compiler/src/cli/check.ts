/**
 * `check <files|dirs...>`: every diagnostic of every file (not just the first), then numbers
 * routed by more than one file, then a totals line. Exit 1 when there is any error.
 */
import { checkNumbersAcrossFiles } from "../check.ts";
import { type Diagnostic, tally } from "../diagnostic.ts";
import { compile } from "../index.ts";
import { plural, printDiagnostic } from "./diagnostics.ts";
import { type Command, Exit, paint, readText, ruleFiles, UsageError } from "./terminal.ts";

export const checkCommand: Command = {
  name: "check",
  summary: "check rule files and report every problem",
  help: `usage: switchboard-rules check <files|dirs...>

Checks every rule file (*.yaml; directories recursively, *.scenarios.yaml skipped) and prints
each diagnostic with file:line:col, the source line, a caret and a hint. Numbers routed by more
than one file are reported too. Exits 1 when any file has an error.`,
  options: {},
  run({ positionals }, term) {
    if (positionals.length === 0) throw new UsageError("give at least one file or directory");
    const files = ruleFiles(positionals).map((file) => {
      const source = readText(file);
      return { file, source, result: compile(source, { file }) };
    });
    const shown: { d: Diagnostic; source: string }[] = files.flatMap(({ source, result }) =>
      result.diagnostics.map((d) => ({ d, source })),
    );
    const listed = files.map(({ file, source, result }) =>
      result.ok ? { file, source, numbers: result.numbers } : { file, source },
    );
    for (const d of checkNumbersAcrossFiles(listed))
      shown.push({ d, source: files.find((f) => f.file === d.file)?.source ?? "" });
    for (const { d, source } of shown) printDiagnostic(term, d, source);

    const { errors, warnings } = tally(shown.map(({ d }) => d));
    const p = paint(term);
    const totals = `${plural(files.length, "file")} checked: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
    term.out(errors > 0 ? p.red(totals) : p.green(totals));
    return errors > 0 ? Exit.failed : Exit.ok;
  },
};
