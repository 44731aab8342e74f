/**
 * `npm run schema -w @switchboard/rules-compiler`: writes rules/schema.json and
 * rules/scenarios.schema.json, the editors' JSON Schemas of rule and scenario files, from the
 * compiler's zod schemas. The output is committed; a test fails
 * when it is stale.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleFileJsonSchema } from "./src/index.ts";
import { scenarioFileJsonSchema } from "./src/scenario/json-schema.ts";

for (const [name, schema] of [
  ["schema.json", ruleFileJsonSchema()],
  ["scenarios.schema.json", scenarioFileJsonSchema()],
] as const) {
  const out = fileURLToPath(new URL(`../rules/${name}`, import.meta.url));
  writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
  // Formatted as the repository's formatter wants it, so `biome check` stays clean.
  execFileSync("npx", ["biome", "format", "--write", out], { stdio: "inherit" });
  console.log(`wrote ${out}`);
}
