/**
 * A compiled Pbx together with the rule it came from: `test`, `graph` and `explain` need both
 * the bundle (what the engine runs) and the checked rule (names, prompts, schedules to show).
 */
import { Code, type Diagnostic } from "./diagnostic.ts";
import { compile } from "./index.ts";
import { SourceFile } from "./parse.ts";
import { type PbxFile, PbxFileSchema } from "./schema.ts";

export interface CompiledPbx {
  file: string;
  source: string;
  rule: PbxFile;
  bundle: Uint8Array;
  hash: string;
  /** warnings of a successful compile */
  diagnostics: Diagnostic[];
}

export type CompiledPbxResult =
  | { ok: true; pbx: CompiledPbx }
  | { ok: false; diagnostics: Diagnostic[] };

export function compilePbx(source: string, file: string): CompiledPbxResult {
  const result = compile(source, { file });
  if (!result.ok) return result;
  const src = new SourceFile(source, file);
  if (result.kind !== "Pbx") {
    const kind = src.at(
      Code.unsupportedKind,
      "error",
      `kind "${result.kind}" has no call flow`,
      src.locate(["kind"]).value,
      { hint: "graph and explain work on a Pbx; test on a Pbx or a MobilePlan" },
    );
    return { ok: false, diagnostics: [kind] };
  }
  // compile() accepted it, so the schema does too; parse again for the defaults it applied.
  const rule = PbxFileSchema.parse(src.data);
  const { bundle, hash, diagnostics } = result;
  return { ok: true, pbx: { file, source, rule, bundle, hash, diagnostics } };
}
