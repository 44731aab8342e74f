import { createRoute } from "@hono/zod-openapi";
import { assertTenantAccess, type Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { ApiError, errorResponses, json } from "../error.ts";
import type { SearchState } from "../marketplace/fields.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter } from "../router.ts";
import { rulesetList, versionDetail, versionDiff, versionList } from "./history.ts";
import type { Rollout as RolloutState } from "./pointer.ts";
import { publish } from "./publish.ts";
import {
  CheckResult,
  DiffQuery,
  notFound,
  PublishBody,
  publishErrors,
  RollbackBody,
  Rollout,
  RulesetList,
  RulesetParams,
  TenantParams,
  uploadResponses,
  VersionDetail,
  VersionDiff,
  VersionList,
  VersionParam,
} from "./schemas.ts";
import { requireRuleset } from "./store.ts";
import { checkRuleFile, readRuleFile, storeVersion, yamlBody } from "./upload.ts";

/** Kinds a tenant's rule set may hold; Country files go to /v1/countries. */
const tenantKinds = ["Pbx", "MobilePlan", "Ranking"];

/** A Ranking orders every provider's search results in a country: operators only. */
function assertKindAccess(claims: Claims, kind: string): void {
  if (kind === "Ranking" && claims.role !== "operator") {
    throw new ApiError(403, "forbidden", "only an operator may manage Ranking rule sets");
  }
}

export function rulesetRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const path = "/v1/rulesets/{tenant}/{name}";

  /** Tenant access, then kind access for an existing rule set. */
  async function authorize(claims: Claims, ref: { tenant: string; name: string }) {
    assertTenantAccess(claims, ref.tenant);
    if (claims.role !== "operator") assertKindAccess(claims, (await requireRuleset(db, ref)).kind);
  }

  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/rulesets/{tenant}",
        summary: "The tenant's rule sets, each with what is live",
        security,
        request: { params: TenantParams },
        responses: {
          200: { description: "Rule sets by name", content: json(RulesetList) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        const claims = c.get("claims");
        assertTenantAccess(claims, tenant);
        const all = await rulesetList(db, tenant);
        const visible = all.filter((r) => claims.role === "operator" || r.kind !== "Ranking");
        return c.json({ rulesets: visible }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${path}/check`,
        summary: "Check a rule file as an upload would, without storing it",
        security,
        request: { params: RulesetParams, body: { content: yamlBody, required: true } },
        responses: {
          200: {
            description: "The diagnostics; ok when it would be stored",
            content: json(CheckResult),
          },
          ...errorResponses,
          413: uploadResponses[413],
          415: uploadResponses[415],
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        const claims = c.get("claims");
        assertTenantAccess(claims, ref.tenant);
        const source = await readRuleFile(c);
        const { result, diagnostics } = checkRuleFile(ref, source, tenantKinds);
        const ok = result.ok && !diagnostics.some((d) => d.severity === "error");
        if (result.ok) assertKindAccess(claims, result.kind);
        return c.json(
          {
            ok,
            kind: result.ok ? result.kind : null,
            hash: ok && result.ok ? result.hash : null,
            diagnostics,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "put",
        path,
        summary: "Store a new version of a rule set (does not activate it)",
        security,
        request: { params: RulesetParams, body: { content: yamlBody, required: true } },
        responses: uploadResponses,
      }),
      async (c) => {
        const ref = c.req.valid("param");
        const claims = c.get("claims");
        assertTenantAccess(claims, ref.tenant);
        const source = await readRuleFile(c);
        const result = await storeVersion(db, claims, ref, source, tenantKinds, (kind) =>
          assertKindAccess(claims, kind),
        );
        if (!result.ok) {
          const errors = result.diagnostics.filter((d) => d.severity === "error").length;
          const message = `the rule file has ${errors} error(s); see diagnostics`;
          const error = { code: "invalid_rules", message };
          return c.json({ error, diagnostics: result.diagnostics }, 422);
        }
        const { name, version, hash, diagnostics } = result;
        const body = { name, version, hash, diagnostics };
        return result.created ? c.json(body, 201) : c.json(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${path}/publish`,
        summary: "Activate a version, or run it as a canary beside the active one",
        security,
        request: { params: RulesetParams, body: { content: json(PublishBody) } },
        responses: {
          200: { description: "Now live on the edge", content: json(Rollout) },
          ...publishErrors,
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        const claims = c.get("claims");
        await authorize(claims, ref);
        const { version, canaryPercent } = c.req.valid("json");
        const request = { ...ref, version, canaryPercent, action: "ruleset.publish" as const };
        return c.json(present(await publish(deps, claims, request)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${path}/promote`,
        summary: "Make the canary the active version (all traffic)",
        security,
        request: { params: RulesetParams },
        responses: {
          200: { description: "Now live on the edge", content: json(Rollout) },
          ...publishErrors,
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        const claims = c.get("claims");
        await authorize(claims, ref);
        const rollout = await publish(deps, claims, { ...ref, action: "ruleset.promote" });
        return c.json(present(rollout), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${path}/rollback`,
        summary: "Make an earlier version active again and drop any canary",
        security,
        request: { params: RulesetParams, body: { content: json(RollbackBody), required: true } },
        responses: {
          200: { description: "Now live on the edge", content: json(Rollout) },
          ...publishErrors,
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        const claims = c.get("claims");
        await authorize(claims, ref);
        const { version } = c.req.valid("json");
        const rollout = await publish(deps, claims, {
          ...ref,
          version,
          action: "ruleset.rollback",
        });
        return c.json(present(rollout), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${path}/versions`,
        summary: "Stored versions, newest first",
        security,
        request: { params: RulesetParams },
        responses: {
          200: { description: "Versions", content: json(VersionList) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        await authorize(c.get("claims"), ref);
        return c.json(await versionList(db, ref), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${path}/versions/{version}`,
        summary: "One stored version with its rule file",
        security,
        request: { params: RulesetParams.extend(VersionParam.shape) },
        responses: {
          200: { description: "The version", content: json(VersionDetail) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const { version, ...ref } = c.req.valid("param");
        await authorize(c.get("claims"), ref);
        return c.json(await versionDetail(db, ref, version), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${path}/diff`,
        summary: "Unified diff between the rule files of two versions",
        security,
        request: { params: RulesetParams, query: DiffQuery },
        responses: {
          200: { description: "The diff", content: json(VersionDiff) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const ref = c.req.valid("param");
        await authorize(c.get("claims"), ref);
        const { from, to } = c.req.valid("query");
        return c.json(await versionDiff(db, ref, from, to), 200);
      },
    );
}

export function present({ active, canary, search }: RolloutState & { search?: SearchState[] }) {
  return {
    active: { version: active.version, hash: active.hash },
    canary: canary ? { version: canary.version, hash: canary.hash, percent: canary.percent } : null,
    ...(search ? { search } : {}),
  };
}
