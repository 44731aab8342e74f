/** Property: whatever text arrives (an upload, an editor buffer), compile() answers, never throws. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { compile } from "../src/index.ts";

/** One rule file of each kind, to mutate. */
const seeds = [
  "examples/florist.yaml",
  "mobile/telco-se.yaml",
  "countries/se.yaml",
  "ranking/se-florist.yaml",
].map((path) => readFileSync(new URL(`../../rules/${path}`, import.meta.url), "utf8").split("\n"));

function answers(source: string): void {
  const result = compile(source, { file: "fuzz.yaml" });
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
  for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
  // An internal error is the compiler catching its own crash: a bug, not an answer.
  expect(result.diagnostics.filter((d) => d.code === "SB9001")).toEqual([]);
}

// Thousands of compiles: generous time, so a busy machine (the whole suite at once) cannot fail it.
describe("compile never throws", { timeout: 60_000 }, () => {
  it("on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), answers), {
      numRuns: 300,
    });
  });

  it("on a rule file of each kind with lines dropped, duplicated or edited", () => {
    const edit = fc.record({
      line: fc.nat(60),
      op: fc.constantFrom("drop", "dup", "splice"),
      text: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(edit, { maxLength: 6 }), (seed, edits) => {
        const mutated = [...(seeds[seed] ?? [])];
        for (const { line, op, text } of edits) {
          const at = line % Math.max(1, mutated.length);
          if (op === "drop") mutated.splice(at, 1);
          else if (op === "dup") mutated.splice(at, 0, mutated[at] ?? "");
          else mutated[at] = `${(mutated[at] ?? "").slice(0, text.length)}${text}`;
        }
        answers(mutated.join("\n"));
      }),
      { numRuns: 400 },
    );
  });

  it("on YAML built from arbitrary JSON values in the spec", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Pbx", "MobilePlan", "Country", "Ranking"),
        fc.jsonValue({ maxDepth: 3 }),
        (kind, value) => {
          answers(
            `apiVersion: switchboard/v1\nkind: ${kind}\nmetadata: {name: f, tenant: t}\nspec: ${JSON.stringify(value)}\n`,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on a rule file of each kind with one spec field replaced by any JSON value", () => {
    const files = seeds.map(
      (lines) => parse(lines.join("\n")) as { spec: Record<string, unknown> },
    );
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.nat(20),
        fc.jsonValue({ maxDepth: 3 }),
        (seed, field, value) => {
          const file = structuredClone(files[seed] as { spec: Record<string, unknown> });
          const keys = Object.keys(file.spec);
          file.spec[keys[field % keys.length] as string] = value;
          answers(stringify(file));
        },
      ),
      { numRuns: 400 },
    );
  });
});
