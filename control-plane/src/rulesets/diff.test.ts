import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff.ts";

/** Applies a unified diff the way `patch` does, trusting its line numbers. */
function apply(source: string, diff: string): string {
  const lines = source.split("\n").slice(0, -1);
  const out: string[] = [];
  let at = 0;
  const body = diff.split("\n").slice(2, -1);
  for (const line of body) {
    const hunk = /^@@ -(\d+),(\d+) /.exec(line);
    if (hunk) {
      const start = Number(hunk[1]) - (Number(hunk[2]) === 0 ? 0 : 1);
      while (at < start) out.push(lines[at++] as string);
    } else if (line.startsWith("+")) out.push(line.slice(1));
    else {
      expect(lines[at]).toBe(line.slice(1)); // context and removals match the old file
      if (line.startsWith(" ")) out.push(line.slice(1));
      at++;
    }
  }
  while (at < lines.length) out.push(lines[at++] as string);
  return out.map((l) => `${l}\n`).join("");
}

describe("unifiedDiff", () => {
  it("is empty for equal files", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", { from: "x", to: "y" })).toBe("");
  });

  it("keeps changes far apart in separate hunks with three lines of context", () => {
    const a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    const b = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n";
    expect(unifiedDiff(a, b, { from: "v1", to: "v2" })).toBe(
      "--- v1\n+++ v2\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n@@ -9,3 +9,4 @@\n i\n j\n k\n+l\n",
    );
  });

  it("produces a diff that turns the old file into the new one", () => {
    const file = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 40 });
    fc.assert(
      fc.property(file, file, (x, y) => {
        const a = x.map((l) => `${l}\n`).join("");
        const b = y.map((l) => `${l}\n`).join("");
        const diff = unifiedDiff(a, b, { from: "a", to: "b" });
        expect(diff === "" ? a : apply(a, diff)).toBe(b);
      }),
    );
  });
});
