/**
 * rules/schema.json is generated from the zod schemas and committed; it must never go stale,
 * every rule file in rules/ points its editor at it, and an editor's validator (ajv, as the YAML
 * language server uses) accepts those files and flags the mistakes the compiler flags by shape.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ruleFileJsonSchema } from "../src/index.ts";
import { scenarioFileJsonSchema } from "../src/scenario/json-schema.ts";
import { pbxSource } from "./pbx-source.ts";

const rules = fileURLToPath(new URL("../../rules/", import.meta.url));
const schemaFile = join(rules, "schema.json");
const committed = JSON.parse(readFileSync(schemaFile, "utf8"));
const ruleFiles = readdirSync(rules, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".yaml") && !f.endsWith(".scenarios.yaml"))
  .sort();

// `format: uri` is advisory in editors; strict mode off because zod writes `default`s ajv
// does not apply, which is fine for validation.
const editor = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  committed,
);

describe("the rule file JSON Schema", () => {
  it("is committed as generated (run `npm run schema -w @switchboard/rules-compiler`)", () => {
    expect(committed).toEqual(ruleFileJsonSchema());
  });

  it("offers every kind, told apart by `kind`", () => {
    const schema = committed as { oneOf: { properties: { kind: { const: string } } }[] };
    expect(schema.oneOf.map((o) => o.properties.kind.const)).toEqual([
      "Pbx",
      "MobilePlan",
      "Country",
      "Ranking",
    ]);
  });

  it("finds a rule file of every kind in rules/", () => {
    const kinds = new Set(ruleFiles.map((f) => parse(readFileSync(join(rules, f), "utf8")).kind));
    expect([...kinds].sort()).toEqual(["Country", "MobilePlan", "Pbx", "Ranking"]);
  });

  it.each(ruleFiles)("is what rules/%s points its editor at, and the file fits it", (path) => {
    const source = readFileSync(join(rules, path), "utf8");
    const relativePath = relative(join(rules, path, ".."), schemaFile);
    expect(source.split("\n")[0]).toBe(`# yaml-language-server: $schema=${relativePath}`);
    const ok = editor(parse(source));
    expect(editor.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("for scenario files is committed as generated, and every scenario file fits it", () => {
    const scenarioSchemaFile = join(rules, "scenarios.schema.json");
    const scenarioSchema = JSON.parse(readFileSync(scenarioSchemaFile, "utf8"));
    expect(scenarioSchema).toEqual(scenarioFileJsonSchema());
    const check = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
      scenarioSchema,
    );
    const files = readdirSync(rules, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".scenarios.yaml"),
    );
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const path of files) {
      const source = readFileSync(join(rules, path), "utf8");
      const relativePath = relative(join(rules, path, ".."), scenarioSchemaFile);
      expect(source.split("\n")[0], path).toBe(`# yaml-language-server: $schema=${relativePath}`);
      check(parse(source));
      expect(check.errors ?? [], path).toEqual([]);
    }
    check(parse("scenarios: [{ name: x, steps: [{ event: strat }] }]"));
    expect(check.errors?.length).toBeGreaterThan(0);
  });

  it("flags in the editor what the compiler refuses by shape", () => {
    const flagged = (spec: Record<string, unknown>) => {
      editor(parse(pbxSource(spec)));
      return (editor.errors ?? []).length > 0;
    };
    expect(flagged({})).toBe(false);
    expect(flagged({ nodes: { bye: { type: "hangup", typo: 1 } } })).toBe(true);
    expect(flagged({ nodes: { bye: { type: "hang_up" } } })).toBe(true);
    expect(flagged({ numbers: ["0812345678"] })).toBe(true);
    expect(
      flagged({ nodes: { c: { type: "connect", to: ["+46701234567"], timeoutSec: 1 } } }),
    ).toBe(true);
    expect(flagged({ noDeadEnds: "yes" })).toBe(true);
  });
});
