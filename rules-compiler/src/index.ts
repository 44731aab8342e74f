/**
 * @switchboard/rules-compiler: a rule file (YAML) → a bundle the engine runs.
 * parse → validate → check → lower → codegen, each pass in its own file.
 */
import { check, LIMITS } from "./check.ts";
import { codegen } from "./codegen.ts";
import { Code, type CompileResult, type Diagnostic } from "./diagnostic.ts";
import { checkCountry } from "./kinds/country/check.ts";
import { encodeCountry } from "./kinds/country/lower.ts";
import { checkMobilePlan } from "./kinds/mobile-plan/check.ts";
import { encodeMobilePlan } from "./kinds/mobile-plan/lower.ts";
import { checkRanking } from "./kinds/ranking/check.ts";
import { encodeRanking } from "./kinds/ranking/lower.ts";
import { lower } from "./lower.ts";
import { SourceFile } from "./parse.ts";
import type { RuleFile } from "./rule-file.ts";
import { sha256Hex } from "./sha256.ts";
import { validate } from "./validate.ts";

export { checkNumbersAcrossFiles, LIMITS } from "./check.ts";
export { BundleKind, Section } from "./codegen.ts";
export { type CompiledPbx, type CompiledPbxResult, compilePbx } from "./compiled-pbx.ts";
export { Code, type CompileResult, type Diagnostic, tally } from "./diagnostic.ts";
export { formatDiagnostic } from "./format.ts";
export { type FlowEdge, type FlowGraph, type FlowNode, flowGraph } from "./graph/flow.ts";
export { svg as flowSvg } from "./graph/svg.ts";
export * from "./kinds/country/schema.ts";
export * from "./kinds/mobile-plan/schema.ts";
export * from "./kinds/ranking/schema.ts";
export { encodeSnapshot, SnapshotError, type SnapshotIssue } from "./kinds/snapshot/encode.ts";
export * from "./kinds/snapshot/schema.ts";
export * from "./kinds/subscribers/schema.ts";
export {
  encodeSubscriberShard,
  SHARD_MAX_SUBSCRIBERS,
  SubscriberShardError,
  shardKeyOf,
  shardSubscribers,
} from "./kinds/subscribers/shard.ts";
export { FILE_SCHEMAS, type RuleFile, RuleFileSchema, ruleFileJsonSchema } from "./rule-file.ts";
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
    const bundle = build(src, file);
    if (!bundle) return { ok: false, diagnostics: src.diagnostics };
    if (bundle.length > LIMITS.bundleBytes) {
      src.report(
        Code.bundleTooLarge,
        "error",
        `the bundle is ${bundle.length} bytes; at most ${LIMITS.bundleBytes}`,
        [0, 0],
        {
          hint: "split the rule file into smaller ones",
        },
      );
      return { ok: false, diagnostics: src.diagnostics };
    }
    return {
      ok: true,
      kind: file.kind,
      name: file.metadata.name,
      tenant: "tenant" in file.metadata ? file.metadata.tenant : null,
      numbers: file.kind === "Pbx" ? file.spec.numbers : [],
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

/** The kind's semantic checks, then its bytes; null when the checks found errors. */
function build(src: SourceFile, file: RuleFile): Uint8Array | null {
  switch (file.kind) {
    case "Pbx":
      check(src, file);
      return src.ok ? codegen(lower(file)) : null;
    case "MobilePlan":
      checkMobilePlan(src, file);
      return src.ok ? encodeMobilePlan(file) : null;
    case "Country":
      checkCountry(src, file);
      return src.ok ? encodeCountry(file) : null;
    case "Ranking":
      checkRanking(src, file);
      return src.ok ? encodeRanking(file) : null;
  }
}
