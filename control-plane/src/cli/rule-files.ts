/**
 * Uploading and publishing a rule file through the typed client: what `switchboard push` does,
 * and what `npm start` does for every file under rules/. The server compiles and decides; the
 * file is read here only for where it goes (its kind and metadata).
 */
import { parseDocument } from "yaml";
import type { ControlPlaneClient } from "../client.ts";
import type { StoredDiagnostic } from "../db/schema.ts";

export interface RuleFileTarget {
  kind: string;
  /** null for a Country file (operators' `/v1/countries/{code}`). */
  tenant: string | null;
  name: string;
}

/**
 * Where a rule file belongs, from its `kind` and `metadata`; null when the file does not say.
 * Read even from a file with YAML errors, so the server can answer them with line and column.
 */
export function ruleFileTarget(source: string): RuleFileTarget | null {
  const document = parseDocument(source);
  const kind = document.get("kind");
  const name = document.getIn(["metadata", "name"]);
  const tenant = document.getIn(["metadata", "tenant"]);
  if (typeof kind !== "string" || typeof name !== "string") return null;
  if (kind === "Country") return { kind, tenant: null, name };
  return typeof tenant === "string" ? { kind, tenant, name } : null;
}

/** As the control plane answers them: the compiler's, with line and column. */
export type ServerDiagnostic = StoredDiagnostic;

export type PushResult =
  | { ok: true; status: number; version: number; hash: string; diagnostics: ServerDiagnostic[] }
  | { ok: false; status: number; code: string; message: string; diagnostics: ServerDiagnostic[] };

/** PUT the file as a new version (storing never activates it). */
export async function pushRuleFile(
  cp: ControlPlaneClient,
  target: RuleFileTarget,
  source: string,
): Promise<PushResult> {
  const options = { headers: { "Content-Type": "application/yaml" }, init: { body: source } };
  const res =
    target.tenant === null
      ? await cp.v1.countries[":code"].$put({ param: { code: target.name } }, options)
      : await cp.v1.rulesets[":tenant"][":name"].$put(
          { param: { tenant: target.tenant, name: target.name } },
          options,
        );
  const body = (await res.json()) as {
    version?: number;
    hash?: string;
    diagnostics?: ServerDiagnostic[];
    error?: { code: string; message: string };
  };
  const diagnostics = body.diagnostics ?? [];
  if (res.ok && body.version !== undefined && body.hash !== undefined) {
    return { ok: true, status: res.status, version: body.version, hash: body.hash, diagnostics };
  }
  const error = body.error ?? { code: "http_error", message: `HTTP ${res.status}` };
  return { ok: false, status: res.status, ...error, diagnostics };
}

/** Activates `version` (or runs it as a canary) and answers the rollout, or throws why not. */
export async function publishVersion(
  cp: ControlPlaneClient,
  target: RuleFileTarget,
  request: { version?: number; canaryPercent?: number },
) {
  const res =
    target.tenant === null
      ? await cp.v1.countries[":code"].publish.$post({
          param: { code: target.name },
          json: request,
        })
      : await cp.v1.rulesets[":tenant"][":name"].publish.$post({
          param: { tenant: target.tenant, name: target.name },
          json: request,
        });
  return expectOk(res);
}

/** The body of a 2xx answer; otherwise an Error carrying the API's code and message. */
export async function expectOk<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  res: R,
): Promise<Exclude<Awaited<ReturnType<R["json"]>>, { error: unknown }>> {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok) {
    const { code, message } = body.error ?? { code: "http_error", message: "" };
    throw new ApiRefusal(res.status, code, message);
  }
  return body as Exclude<Awaited<ReturnType<R["json"]>>, { error: unknown }>;
}

/** The control plane said no: its status, code and message. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = "ApiRefusal";
  }
}
