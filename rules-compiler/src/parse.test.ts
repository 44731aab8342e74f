import { describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES, SourceFile } from "./parse.ts";

describe("SourceFile", () => {
  it("keeps map keys as written, so a menu key 01 stays 01", () => {
    expect(new SourceFile('options:\n  01: a\n  "#": b\n  2: c\n').data).toEqual({
      options: { "01": "a", "#": "b", "2": "c" },
    });
  });

  it("locates a value and its key by data path, and says when a path is missing", () => {
    const src = new SourceFile("spec:\n  nodes:\n    shop: {to: [x, y]}\n");
    const y = src.locate(["spec", "nodes", "shop", "to", 1]);
    expect(src.position(y.value[0])).toEqual({ line: 3, column: 20 });
    const shop = src.locate(["spec", "nodes", "shop"]);
    expect(shop.key && src.position(shop.key[0])).toEqual({ line: 3, column: 5 });
    expect(src.locate(["spec", "nodes", "missing"]).found).toBe(false);
  });

  it("reports syntax errors and empty files with a position", () => {
    expect(new SourceFile("a: [1\nb: 2\n").diagnostics[0]).toMatchObject({
      code: "SB1001",
      severity: "error",
    });
    expect(new SourceFile("# only a comment\n").diagnostics).toEqual([
      expect.objectContaining({ code: "SB1003", line: 1, column: 1 }),
    ]);
  });

  it("bounds alias expansion", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const n of ["b", "c", "d", "e", "f", "g"])
      bomb.push(
        `${n}: &${n} [${Array(10)
          .fill(`*${String.fromCharCode(n.charCodeAt(0) - 1)}`)
          .join(", ")}]`,
      );
    expect(new SourceFile(bomb.join("\n")).diagnostics.map((d) => d.code)).toContain("SB1001");
  });

  it("refuses a file over 1 MiB without reading it, and counts its bytes, not its characters", () => {
    const comment = `# ${"x".repeat(98)}\n`;
    const big = new SourceFile(comment.repeat(Math.ceil(MAX_SOURCE_BYTES / 100) + 1));
    expect(big.diagnostics).toEqual([
      expect.objectContaining({ code: "SB3045", severity: "error", line: 1, column: 1 }),
    ]);
    expect(big.diagnostics[0]?.message).toMatch(
      /^the file is 1\.0 MiB; a rule file is at most 1 MiB$/,
    );
    // 400,000 characters of "ä" are 800,000 bytes: under the limit.
    const wide = new SourceFile(`a: "${"ä".repeat(400_000)}"\n`);
    expect(wide.diagnostics).toEqual([]);
  });

  it("reports text that was not UTF-8 where it is, once a line", () => {
    const src = new SourceFile("a: V\uFFFDlkommen \uFFFD\nb: ok\nc: \uFFFD\n");
    expect(src.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["SB1004", 1, 5],
      ["SB1004", 3, 4],
    ]);
  });
});
