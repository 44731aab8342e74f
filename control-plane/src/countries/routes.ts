import { createRoute, z } from "@hono/zod-openapi";
import { asc } from "drizzle-orm";
import { assertOperator } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { countries } from "../db/schema.ts";
import { errorResponses, json } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter } from "../router.ts";
import { versionDiff, versionList } from "../rulesets/history.ts";
import { publish } from "../rulesets/publish.ts";
import { present } from "../rulesets/routes.ts";
import {
  DiffQuery,
  notFound,
  PublishBody,
  publishErrors,
  RollbackBody,
  Rollout,
  uploadResponses,
  VersionDiff,
  VersionList,
} from "../rulesets/schemas.ts";
import { countryTenant } from "../rulesets/store.ts";
import { readRuleFile, storeVersion, yamlBody } from "../rulesets/upload.ts";

const CountryParams = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "use the ISO 3166-1 alpha-2 code, e.g. SE")
    .transform((code) => code.toUpperCase())
    .openapi({ param: { name: "code", in: "path" }, example: "SE" }),
});

const Country = z
  .object({
    code: z.string(),
    callingCode: z.string(),
    hash: z.string().openapi({ description: "the active Country bundle" }),
    publishedAt: z.string(),
  })
  .openapi("Country");

/**
 * Countries are Country rule files (`rules/countries/<cc>.yaml`), stored as versioned rule sets
 * of the reserved tenant `_countries` and managed by operators only. Publishing one writes
 * `country/<CC>` and the `country-index`: the country is enabled with no code change.
 */
export function countryRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const ref = (code: string) => ({ tenant: countryTenant, name: code });
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/countries",
        summary: "Enabled (published) countries",
        security,
        responses: {
          200: {
            description: "Countries",
            content: json(z.object({ countries: z.array(Country) })),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const rows = await db.select().from(countries).orderBy(asc(countries.code));
        const list = rows.map((r) => ({
          code: r.code,
          callingCode: r.callingCode,
          hash: r.hash,
          publishedAt: r.publishedAt.toISOString(),
        }));
        return c.json({ countries: list }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/v1/countries/{code}",
        summary: "Store a new version of a Country rule file (operator only)",
        security,
        request: { params: CountryParams, body: { content: yamlBody, required: true } },
        responses: uploadResponses,
      }),
      async (c) => {
        const { code } = c.req.valid("param");
        const claims = c.get("claims");
        assertOperator(claims);
        const source = await readRuleFile(c);
        const result = await storeVersion(db, claims, ref(code), source, ["Country"]);
        if (!result.ok) {
          const errors = result.diagnostics.filter((d) => d.severity === "error").length;
          const error = { code: "invalid_rules", message: `the rule file has ${errors} error(s)` };
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
        path: "/v1/countries/{code}/publish",
        summary: "Enable a country: publish a version of its Country file (operator only)",
        security,
        request: { params: CountryParams, body: { content: json(PublishBody) } },
        responses: {
          200: { description: "Now live on the edge", content: json(Rollout) },
          ...publishErrors,
        },
      }),
      async (c) => {
        const { code } = c.req.valid("param");
        const claims = c.get("claims");
        assertOperator(claims);
        const { version, canaryPercent } = c.req.valid("json");
        const request = {
          ...ref(code),
          version,
          canaryPercent,
          action: "ruleset.publish" as const,
        };
        return c.json(present(await publish(deps, claims, request)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/v1/countries/{code}/rollback",
        summary: "Make an earlier version of a Country file active (operator only)",
        security,
        request: { params: CountryParams, body: { content: json(RollbackBody), required: true } },
        responses: {
          200: { description: "Now live on the edge", content: json(Rollout) },
          ...publishErrors,
        },
      }),
      async (c) => {
        const { code } = c.req.valid("param");
        const claims = c.get("claims");
        assertOperator(claims);
        const { version } = c.req.valid("json");
        const request = { ...ref(code), version, action: "ruleset.rollback" as const };
        return c.json(present(await publish(deps, claims, request)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/countries/{code}/versions",
        summary: "Stored versions of a Country file, newest first",
        security,
        request: { params: CountryParams },
        responses: {
          200: { description: "Versions", content: json(VersionList) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        assertOperator(c.get("claims"));
        return c.json(await versionList(db, ref(c.req.valid("param").code)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/countries/{code}/diff",
        summary: "Unified diff between two versions of a Country file",
        security,
        request: { params: CountryParams, query: DiffQuery },
        responses: {
          200: { description: "The diff", content: json(VersionDiff) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        assertOperator(c.get("claims"));
        const { from, to } = c.req.valid("query");
        return c.json(await versionDiff(db, ref(c.req.valid("param").code), from, to), 200);
      },
    );
}
