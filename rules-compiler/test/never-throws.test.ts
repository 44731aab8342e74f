/** Property: whatever text arrives (an upload, an editor buffer), compile() answers, never throws. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";

const florist = readFileSync(new URL("../../rules/examples/florist.yaml", import.meta.url), "utf8");
const lines = florist.split("\n");

function answers(source: string): void {
  const result = compile(source, { file: "fuzz.yaml" });
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
  for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
}

describe("compile never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), answers), {
      numRuns: 300,
    });
  });

  it("on the florist with lines dropped, duplicated or edited", () => {
    const edit = fc.record({
      line: fc.nat(lines.length - 1),
      op: fc.constantFrom("drop", "dup", "splice"),
      text: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        const mutated = [...lines];
        for (const { line, op, text } of edits) {
          const at = line % Math.max(1, mutated.length);
          if (op === "drop") mutated.splice(at, 1);
          else if (op === "dup") mutated.splice(at, 0, mutated[at] ?? "");
          else mutated[at] = `${(mutated[at] ?? "").slice(0, text.length)}${text}`;
        }
        answers(mutated.join("\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("on YAML built from arbitrary JSON values in the spec", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        answers(
          `apiVersion: switchboard/v1\nkind: Pbx\nmetadata: {name: f, tenant: t}\nspec: ${JSON.stringify(value)}\n`,
        );
      }),
      { numRuns: 200 },
    );
  });
});
