/**
 * Property: thousands of random and mutated rule files — the real examples with lines deleted,
 * values swapped, unicode and huge numbers spliced in, deep nesting, alias bombs — each end in
 * a bundle or in error diagnostics at a real position, never an exception, an internal error
 * (SB9001, which marks a caught crash) or a hang. Scenario files get the same treatment.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";
import { readScenarioFile } from "../src/scenario/read.ts";

const rules = fileURLToPath(new URL("../../rules/", import.meta.url));
const all = readdirSync(rules, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(rules, f), "utf8") }));
const ruleFiles = all.filter((f) => !f.name.endsWith(".scenarios.yaml"));
const scenarioFiles = all.filter((f) => f.name.endsWith(".scenarios.yaml"));

function answers(source: string): void {
  const result = compile(source, { file: "fuzz.yaml" });
  const lines = source.split(/\r?\n/).length;
  for (const d of result.diagnostics) {
    expect(d.code, d.message).not.toBe("SB9001");
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  if (result.ok) expect(result.bundle.length).toBeGreaterThan(32);
  else expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
}

const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom(
    "1e308",
    "-1",
    "0",
    "99999999999999999999999",
    "0.5",
    ".nan",
    "-.inf",
    "0x1F",
    "~",
    "null",
    "true",
    "''",
    '""',
    "[]",
    "{}",
    "*alias",
    "&anchor x",
    "!!binary aGk=",
    "!tag x",
    "- item",
    "? complex",
    "|",
    ">-",
    "\t",
    "\u0000",
    "\uFEFF",
    "\u202E",
    "😀",
    "𝕊",
    "#",
    ": :",
    "%YAML 1.1",
    "---",
    "...",
    "<<: *x",
    '"\\u0000"',
    "__proto__",
    "constructor",
  ),
);
const mutation = fc.record({
  op: fc.constantFrom("delete", "duplicate", "swapLines", "swapValues", "splice", "replaceValue"),
  a: fc.nat(),
  b: fc.nat(),
  text: nasty,
});

function mutate(text: string, edits: { op: string; a: number; b: number; text: string }[]): string {
  const lines = text.split("\n");
  for (const { op, a, b, text: t } of edits) {
    const i = a % Math.max(1, lines.length);
    const j = b % Math.max(1, lines.length);
    const line = lines[i] ?? "";
    if (op === "delete") lines.splice(i, 1);
    else if (op === "duplicate") lines.splice(j, 0, line);
    else if (op === "swapLines") [lines[i], lines[j]] = [lines[j] ?? "", line];
    else if (op === "splice")
      lines[i] = `${line.slice(0, b % (line.length + 1))}${t}${line.slice(b % (line.length + 1))}`;
    else {
      const value = (l: string) => /^(\s*[^:#]+:\s*)(.*)$/.exec(l);
      const [x, y] = [value(line), value(lines[j] ?? "")];
      if (op === "swapValues" && x && y) {
        lines[i] = `${x[1]}${y[2]}`;
        lines[j] = `${y[1]}${x[2]}`;
      } else if (x) lines[i] = `${x[1]}${t}`;
    }
  }
  return lines.join("\n");
}

const slow = { timeout: 60_000 };

describe("compile never crashes", () => {
  it("on the real rule files, mutated", slow, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ruleFiles),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        (file, edits) => {
          answers(mutate(file.text, edits));
        },
      ),
      { numRuns: 800 },
    );
  });

  it("on random unicode text", slow, () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), answers), {
      numRuns: 500,
    });
  });

  it("on deep nesting, huge files and alias bombs", slow, () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const deepMap = (n: number) =>
      Array.from({ length: n }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(",")}]`,
      );
    const florist = ruleFiles.find((f) => f.name.endsWith("florist.yaml"))?.text ?? "";
    for (const source of [
      deep(8_000),
      `spec: ${deep(5_000)}`,
      deepMap(3_000),
      laughs.join("\n"),
      `${florist}\n${laughs.join("\n")}`,
      florist.replace("retries: 2", "retries: 99999999999999999999999999"),
      florist.replace("timeoutSec: 5", "timeoutSec: 1e308"),
      florist.replace("main_menu:\n", `main_menu:\n${"  x: 1\n".repeat(5_000)}`),
      florist.repeat(50),
      "\uFEFF".repeat(3) + florist,
      florist.replace(/\n/g, "\r\n"),
    ]) {
      answers(source);
    }
  });

  it("on scenario files, mutated", slow, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...scenarioFiles),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (file, edits) => {
          const result = readScenarioFile(
            mutate(file.text, edits),
            "rules/examples/x.scenarios.yaml",
          );
          if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 250 },
    );
  });
});
