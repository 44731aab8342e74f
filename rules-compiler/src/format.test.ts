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
    expect(text).toBe(["<input>:2:1: warning SB1: m", "  2 | nodes:", "    | ^"].join("\n"));
  });
});
