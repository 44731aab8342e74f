/**
 * `npm run schema -w @switchboard/rules-compiler`: writes rules/schema.json, the editors' JSON
 * Schema of rule files, from the compiler's zod schemas. The output is committed; a test fails
 * when it is stale.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleFileJsonSchema } from "./src/index.ts";

const out = fileURLToPath(new URL("../rules/schema.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`);
// Formatted as the repository's formatter wants it, so `biome check` stays clean.
execFileSync("npx", ["biome", "format", "--write", out], { stdio: "inherit" });
console.log(`wrote ${out}`);
