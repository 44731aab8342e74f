import { createRoute } from "@hono/zod-openapi";
import { compile } from "@switchboard/rules-compiler";
import { audit } from "../audit/index.ts";
import { assertTenantAccess } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { rulesetVersions } from "../db/schema.ts";
import { ApiError, errorResponses, json } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter } from "../router.ts";
import { identityDiagnostics } from "./identity.ts";
import type { Rollout as RolloutState } from "./pointer.ts";
import { publish } from "./publish.ts";
import {
  InvalidRules,
  notFound,
  PublishBody,
  publishErrors,
  RollbackBody,
  Rollout,
  RulesetParams,
  StoredVersion,
  VersionList,
} from "./schemas.ts";
import {
  findPublication,
  listVersions,
  lockOrCreateRuleset,
  newestVersion,
  requireRuleset,
} from "./store.ts";

/** Rule files are YAML; text/plain lets `curl --data-binary` work without a header. */
const ruleMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"];
const maxRuleFileBytes = 1 << 20;

const yamlBody = Object.fromEntries(
  ruleMediaTypes.map((type) => [type, { schema: { type: "string" as const } }]),
);

export function rulesetRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const app = createRouter();
  const security = [{ bearer: [] }];

  const upload = createRoute({
    method: "put",
    path: "/v1/rulesets/{tenant}/{name}",
    summary: "Store a new version of a rule set (does not activate it)",
    security,
    request: { params: RulesetParams, body: { content: yamlBody, required: true } },
    responses: {
      200: {
        description: "Same bundle as the newest version; that version",
        content: json(StoredVersion),
      },
      201: { description: "Stored as a new version", content: json(StoredVersion) },
      ...errorResponses,
      413: {
        description: "Rule file over 1 MiB",
        content: json(InvalidRules.pick({ error: true })),
      },
      415: { description: "Not a YAML body", content: json(InvalidRules.pick({ error: true })) },
      422: { description: "The file does not compile", content: json(InvalidRules) },
    },
  });

  app.openapi(upload, async (c) => {
    const { tenant, name } = c.req.valid("param");
    const claims = c.get("claims");
    assertTenantAccess(claims, tenant);
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!ruleMediaTypes.includes(type)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `send the rule file as application/yaml, not "${type}"`,
      );
    }
    const source = await c.req.text();
    if (new TextEncoder().encode(source).length > maxRuleFileBytes) {
      throw new ApiError(413, "payload_too_large", "rule files are limited to 1 MiB");
    }

    const result = compile(source, { file: `${name}.yaml` });
    const diagnostics = result.ok
      ? [...identityDiagnostics(source, result, { tenant, name }), ...result.diagnostics]
      : result.diagnostics;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    if (!result.ok || errors > 0) {
      const message = `the rule file has ${errors} error(s); see diagnostics`;
      return c.json({ error: { code: "invalid_rules", message }, diagnostics }, 422);
    }

    const stored = await deps.db.transaction(async (tx) => {
      const { id } = await lockOrCreateRuleset(tx, tenant, name);
      const newest = await newestVersion(tx, id);
      // Versions are distinct bundles: re-uploading the same content is not a new version.
      if (newest && newest.hash === result.hash) return { version: newest.version, created: false };
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
        action: "ruleset.upload",
        target: `ruleset/${tenant}/${name}`,
        tenant,
        details: { version, hash: result.hash, numbers: result.numbers },
      });
      return { version, created: true };
    });
    const body = {
      name,
      version: stored.version,
      hash: result.hash,
      diagnostics: result.diagnostics,
    };
    return stored.created ? c.json(body, 201) : c.json(body, 200);
  });

  const publishRoute = createRoute({
    method: "post",
    path: "/v1/rulesets/{tenant}/{name}/publish",
    summary: "Activate a version, or run it as a canary beside the active one",
    security,
    request: { params: RulesetParams, body: { content: json(PublishBody) } },
    responses: {
      200: { description: "Now live on the edge", content: json(Rollout) },
      ...publishErrors,
    },
  });

  app.openapi(publishRoute, async (c) => {
    const { tenant, name } = c.req.valid("param");
    const { version, canaryPercent } = c.req.valid("json");
    const claims = c.get("claims");
    assertTenantAccess(claims, tenant);
    const rollout = await publish(deps, claims, {
      tenant,
      name,
      version,
      canaryPercent,
      action: "ruleset.publish",
    });
    return c.json(present(rollout), 200);
  });

  const rollbackRoute = createRoute({
    method: "post",
    path: "/v1/rulesets/{tenant}/{name}/rollback",
    summary: "Make an earlier version active again and drop any canary",
    security,
    request: { params: RulesetParams, body: { content: json(RollbackBody), required: true } },
    responses: {
      200: { description: "Now live on the edge", content: json(Rollout) },
      ...publishErrors,
    },
  });

  app.openapi(rollbackRoute, async (c) => {
    const { tenant, name } = c.req.valid("param");
    const { version } = c.req.valid("json");
    const claims = c.get("claims");
    assertTenantAccess(claims, tenant);
    const rollout = await publish(deps, claims, {
      tenant,
      name,
      version,
      action: "ruleset.rollback",
    });
    return c.json(present(rollout), 200);
  });

  const versionsRoute = createRoute({
    method: "get",
    path: "/v1/rulesets/{tenant}/{name}/versions",
    summary: "Stored versions, newest first",
    security,
    request: { params: RulesetParams },
    responses: {
      200: { description: "Versions", content: json(VersionList) },
      ...errorResponses,
      ...notFound,
    },
  });

  app.openapi(versionsRoute, async (c) => {
    const { tenant, name } = c.req.valid("param");
    assertTenantAccess(c.get("claims"), tenant);
    const { id } = await requireRuleset(deps.db, tenant, name);
    const [rows, publication] = await Promise.all([
      listVersions(deps.db, id),
      findPublication(deps.db, id),
    ]);
    const versions = rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      active: row.version === publication?.activeVersion,
      canary: row.version === publication?.canaryVersion,
    }));
    return c.json({ versions }, 200);
  });

  return app;
}

function present({ active, canary }: RolloutState) {
  return {
    active: { version: active.version, hash: active.hash },
    canary: canary ? { version: canary.version, hash: canary.hash, percent: canary.percent } : null,
  };
}
