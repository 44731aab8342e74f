import { z } from "@hono/zod-openapi";
import { ErrorBody, errorResponses, json } from "../error.ts";
import { SearchState } from "../marketplace/fields.ts";
import { Slug } from "../router.ts";

export const RulesetParams = z.object({
  tenant: Slug.openapi({ param: { name: "tenant", in: "path" }, example: "florist" }),
  name: Slug.openapi({ param: { name: "name", in: "path" }, example: "main" }),
});

export const TenantParams = RulesetParams.pick({ tenant: true });

export const VersionParam = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "version", in: "path" } }),
});

export const DiffQuery = z.strictObject({
  from: z.coerce.number().int().positive().openapi({ example: 1 }),
  to: z.coerce.number().int().positive().openapi({ example: 2 }),
});

export const Diagnostic = z
  .object({
    code: z.string(),
    severity: z.enum(["error", "warning"]),
    message: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    hint: z.string().optional(),
  })
  .openapi("Diagnostic");

export const StoredVersion = z
  .object({
    name: z.string(),
    version: z.number().int(),
    hash: z.string().openapi({ description: "SHA-256 (hex) of the bundle" }),
    diagnostics: z.array(Diagnostic).openapi({ description: "warnings; never errors" }),
  })
  .openapi("StoredVersion");

export const VersionDetail = z
  .object({
    name: z.string(),
    kind: z.string(),
    version: z.number().int(),
    hash: z.string(),
    author: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    numbers: z.array(z.string()),
    diagnostics: z.array(Diagnostic),
    source: z.string().openapi({ description: "the rule file as uploaded" }),
  })
  .openapi("VersionDetail");

export const InvalidRules = ErrorBody.extend({ diagnostics: z.array(Diagnostic) }).openapi(
  "InvalidRules",
);

const Pinned = z.object({ version: z.number().int(), hash: z.string() });

export const Rollout = z
  .object({
    active: Pinned,
    canary: Pinned.extend({ percent: z.number().int() }).nullable(),
    search: z.array(SearchState).optional().openapi({
      description:
        "Ranking only: each category's pointer after the publish, or why it has none (no enabled country)",
    }),
  })
  .openapi("Rollout");

export const VersionDiff = z
  .object({
    from: Pinned,
    to: Pinned,
    diff: z.string().openapi({ description: "unified diff of the rule files; empty if equal" }),
  })
  .openapi("VersionDiff");

export const PublishBody = z
  .strictObject({
    version: z.number().int().positive().optional().openapi({ description: "default: newest" }),
    canaryPercent: z.number().int().min(1).max(100).optional().openapi({
      description: "1–99: serve this version to that share of calls beside the active one",
    }),
  })
  .openapi("PublishRequest");

export const RollbackBody = z
  .strictObject({ version: z.number().int().positive() })
  .openapi("RollbackRequest");

export const VersionList = z
  .object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        hash: z.string(),
        createdAt: z.string().openapi({ format: "date-time" }),
        author: z.string(),
        active: z.boolean(),
        canary: z.boolean(),
      }),
    ),
  })
  .openapi("VersionList");

export const notFound = {
  404: { description: "No such rule set or version", content: json(ErrorBody) },
} as const;

export const uploadResponses = {
  200: {
    description: "Same bundle as the newest version; that version",
    content: json(StoredVersion),
  },
  201: { description: "Stored as a new version", content: json(StoredVersion) },
  ...errorResponses,
  409: { description: "The rule set holds another kind of file", content: json(ErrorBody) },
  413: { description: "Rule file over 1 MiB", content: json(ErrorBody) },
  415: { description: "Not a YAML body", content: json(ErrorBody) },
  422: { description: "The file does not compile", content: json(InvalidRules) },
} as const;

export const publishErrors = {
  ...errorResponses,
  ...notFound,
  409: {
    description: "A number or pointer is held by another rule set, or the rollout is invalid",
    content: json(ErrorBody),
  },
  502: { description: "The edge store write failed; nothing changed", content: json(ErrorBody) },
} as const;

export const RulesetList = z
  .object({
    rulesets: z.array(
      z.object({
        name: z.string(),
        kind: z.string(),
        versions: z.number().int().openapi({ description: "how many versions are stored" }),
        newest: z.number().int().nullable(),
        active: z.number().int().nullable().openapi({ description: "null: never published" }),
        canary: z.object({ version: z.number().int(), percent: z.number().int() }).nullable(),
        publishedAt: z.string().nullable().openapi({ format: "date-time" }),
      }),
    ),
  })
  .openapi("RulesetList");

export const CheckResult = z
  .object({
    ok: z.boolean().openapi({ description: "true when storing the file would succeed" }),
    kind: z.string().nullable(),
    hash: z.string().nullable().openapi({ description: "the bundle's SHA-256 when ok" }),
    diagnostics: z.array(Diagnostic),
  })
  .openapi("CheckResult");
