import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "./format.ts";

describe("formatDiagnostic", () => {
  const source = "a: 1\nnodes:\n  x: shopp\n";

  it("prints location, code, the line, a tilde underline and the hint", () => {
    const text = formatDiagnostic(
      {
        code: "SB3001",
        severity: "error",
        message: "unknown node",
        file: "f.yaml",
        line: 3,
        column: 6,
        endLine: 3,
        endColumn: 11,
        hint: "fix it",
      },
      source,
    );
    expect(text).toBe(
      [
        "f.yaml:3:6: error SB3001: unknown node",
        "  3 |   x: shopp",
        "    |      ^~~~~",
        "hint: fix it",
      ].join("\n"),
    );
  });

  it("puts a single caret for a range over several lines, and names unnamed input", () => {
    const text = formatDiagnostic(
      {
        code: "SB1",
        severity: "warning",
        message: "m",
        line: 2,
        column: 1,
        endLine: 3,
        endColumn: 2,
      },
      source,
    );
    expect(text).toBe(
      [
        "<input>:2:1: warning SB1: m",
        "  2 | nodes:",
        "    | ^",
        'hint: see SB1 under "Diagnostics" in rules-compiler/README.md',
      ].join("\n"),
    );
  });

  it("fills in a hint for a diagnostic made without one: an example of the expected form", () => {
    const text = formatDiagnostic(
      {
        code: "SB2006",
        severity: "error",
        message: "spec.numbers[0]: expected an E.164 number: '+' and 8–15 digits, got \"0812\"",
        line: 1,
        column: 1,
      },
      source,
    );
    expect(text.split("\n").at(-1)).toBe(
      'hint: write the number with "+" and the country code, e.g. "+46812345678"',
    );
  });
});
