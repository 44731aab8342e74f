import { compile } from "@switchboard/rules-compiler";
import type { Context } from "hono";
import { audit } from "../audit/index.ts";
import type { Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { rulesetVersions, type StoredDiagnostic } from "../db/schema.ts";
import { ApiError } from "../error.ts";
import { identityDiagnostics } from "./identity.ts";
import {
  countryTenant,
  describe,
  lockOrCreateRuleset,
  newestVersion,
  type RulesetRef,
} from "./store.ts";

/** Rule files are YAML; text/plain lets `curl --data-binary` work without a header. */
export const ruleMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"];

export const yamlBody = Object.fromEntries(
  ruleMediaTypes.map((type) => [type, { schema: { type: "string" as const } }]),
);

export type UploadResult =
  | {
      ok: true;
      created: boolean;
      name: string;
      version: number;
      hash: string;
      kind: string;
      diagnostics: StoredDiagnostic[];
    }
  | { ok: false; diagnostics: StoredDiagnostic[] };

/** The YAML body of a rule-file upload; 415 for another media type (size: body-limit/). */
export async function readRuleFile(c: Context): Promise<string> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!ruleMediaTypes.includes(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `send the rule file as application/yaml, not "${type}"`,
    );
  }
  return c.req.text();
}

/**
 * What storing `source` under `ref` would say, without storing it: the compiler's diagnostics
 * and, when it compiles, whether the file names this rule set and is one of `kinds`.
 */
export function checkRuleFile(ref: RulesetRef, source: string, kinds: readonly string[]) {
  const isCountry = ref.tenant === countryTenant;
  const result = compile(source, { file: `${ref.name}.yaml` });
  const diagnostics: StoredDiagnostic[] = result.ok
    ? [
        ...identityDiagnostics(source, result, {
          tenant: isCountry ? null : ref.tenant,
          name: ref.name,
          kinds,
          where: isCountry ? "/v1/countries" : "/v1/rulesets",
        }),
        ...result.diagnostics,
      ]
    : result.diagnostics;
  return { result, diagnostics };
}

/**
 * Compiles `source` and stores it as the rule set's next version (never activating it). The
 * file must name the rule set it is uploaded to and be one of `kinds`; a rule set keeps the
 * kind of its first version. Re-uploading the newest bundle is not a new version.
 */
export async function storeVersion(
  db: Database,
  claims: Claims,
  ref: RulesetRef,
  source: string,
  kinds: readonly string[],
  authorize: (kind: string) => void = () => {},
): Promise<UploadResult> {
  const isCountry = ref.tenant === countryTenant;
  const { result, diagnostics } = checkRuleFile(ref, source, kinds);
  if (!result.ok || diagnostics.some((d) => d.severity === "error"))
    return { ok: false, diagnostics };
  authorize(result.kind);

  return db.transaction(async (tx) => {
    const { id, kind } = await lockOrCreateRuleset(tx, ref, result.kind);
    if (kind !== result.kind) {
      throw new ApiError(
        409,
        "kind_changed",
        `${describe(ref)} holds ${kind} files; this one is ${result.kind}: upload it under another name`,
      );
    }
    const newest = await newestVersion(tx, id);
    const stored = {
      ok: true as const,
      name: ref.name,
      hash: result.hash,
      kind,
      diagnostics: result.diagnostics,
    };
    // Versions are distinct bundles: re-uploading the same content is not a new version.
    if (newest && newest.hash === result.hash)
      return { ...stored, created: false, version: newest.version };
    const version = (newest?.version ?? 0) + 1;
    await tx.insert(rulesetVersions).values({
      rulesetId: id,
      version,
      source,
      bundle: result.bundle,
      hash: result.hash,
      kind: result.kind,
      diagnostics: result.diagnostics,
      numbers: result.numbers,
      author: claims.sub,
    });
    await audit(tx, claims, {
      action: isCountry ? "country.upload" : "ruleset.upload",
      target: isCountry ? `country/${ref.name}` : `ruleset/${ref.tenant}/${ref.name}`,
      tenant: isCountry ? undefined : ref.tenant,
      details: { kind, version, hash: result.hash, numbers: result.numbers },
    });
    return { ...stored, created: true, version };
  });
}
