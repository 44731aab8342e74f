/**
 * @switchboard/rules-compiler: a rule file (YAML) → a bundle the engine runs.
 * parse → validate → check → lower → codegen, each pass in its own file.
 */
import { check, LIMITS } from "./check.ts";
import { codegen } from "./codegen.ts";
import { Code, type CompileResult, type Diagnostic } from "./diagnostic.ts";
import { lower } from "./lower.ts";
import { SourceFile } from "./parse.ts";
import { sha256Hex } from "./sha256.ts";
import { validate } from "./validate.ts";

export { checkNumbersAcrossFiles, LIMITS } from "./check.ts";
export { Code, type CompileResult, type Diagnostic, tally } from "./diagnostic.ts";
export { formatDiagnostic } from "./format.ts";
export * from "./schema.ts";
export { sha256Hex } from "./sha256.ts";

/** Compiles one rule file. Never throws: every problem, even a compiler bug, is a diagnostic. */
export function compile(source: string, options: { file?: string } = {}): CompileResult {
  const result = compileFile(source, options);
  // In file order, as a reader goes through the file (passes find problems in their own order).
  result.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

function compileFile(source: string, options: { file?: string }): CompileResult {
  let src: SourceFile | undefined;
  try {
    src = new SourceFile(source, options.file);
    const file = src.ok ? validate(src) : null;
    if (!file) return { ok: false, diagnostics: src.diagnostics };
    check(src, file);
    if (!src.ok) return { ok: false, diagnostics: src.diagnostics };
    const bundle = codegen(lower(file));
    if (bundle.length > LIMITS.bundleBytes) {
      src.report(
        Code.bundleTooLarge,
        "error",
        `the bundle is ${bundle.length} bytes; at most ${LIMITS.bundleBytes}`,
        [0, 0],
        {
          hint: "split the Pbx into smaller rule files",
        },
      );
      return { ok: false, diagnostics: src.diagnostics };
    }
    return {
      ok: true,
      kind: "Pbx",
      name: file.metadata.name,
      tenant: file.metadata.tenant,
      numbers: file.spec.numbers,
      bundle,
      hash: sha256Hex(bundle),
      diagnostics: src.diagnostics,
    };
  } catch (error) {
    const internal: Diagnostic = {
      code: Code.internal,
      severity: "error",
      message: `internal compiler error: ${error instanceof Error ? error.message : String(error)}`,
      line: 1,
      column: 1,
      hint: "this is a bug in the compiler; please report it with the rule file",
    };
    if (options.file !== undefined) internal.file = options.file;
    return { ok: false, diagnostics: [...(src?.diagnostics ?? []), internal] };
  }
}
