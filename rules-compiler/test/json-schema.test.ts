/** rules/schema.json is generated from the zod schemas and committed; it must never go stale. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RuleFileSchema, ruleFileJsonSchema } from "../src/index.ts";

const schemaFile = new URL("../../rules/schema.json", import.meta.url);

describe("the rule file JSON Schema", () => {
  it("is committed as generated (run `npm run schema -w @switchboard/rules-compiler`)", () => {
    expect(JSON.parse(readFileSync(schemaFile, "utf8"))).toEqual(ruleFileJsonSchema());
  });

  it("offers every kind, told apart by `kind`", () => {
    const schema = ruleFileJsonSchema() as { oneOf: { properties: { kind: { const: string } } }[] };
    expect(schema.oneOf.map((o) => o.properties.kind.const)).toEqual([
      "Pbx",
      "MobilePlan",
      "Country",
      "Ranking",
    ]);
  });

  it.each([
    "countries/se.yaml",
    "countries/no.yaml",
    "countries/gb.yaml",
    "mobile/telco-se.yaml",
    "ranking/se-florist.yaml",
  ])("is what %s points its editor at, and the file fits it", (path) => {
    const source = readFileSync(new URL(`../../rules/${path}`, import.meta.url), "utf8");
    expect(source.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema.json");
    expect(RuleFileSchema.safeParse(parse(source)).success).toBe(true);
  });
});
