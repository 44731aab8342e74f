import { describe, expect, it } from "vitest";
import { pbxSource } from "../test/pbx-source.ts";
import { checkNumbersAcrossFiles } from "./check.ts";
import { compile } from "./index.ts";

const codes = (source: string) => compile(source).diagnostics.map((d) => `${d.severity} ${d.code}`);

describe("semantic checks", () => {
  it("reports every problem of a run, not only the first", () => {
    const source = pbxSource({
      entry: "nowhere",
      numbers: ["+46812345678", "+46812345678"],
      timezone: "Mars/Olympus",
      nodes: {
        a: { type: "play", prompt: "missing", next: "b" },
        b: { type: "queue", queue: "nobody" },
      },
    });
    expect(codes(source).sort()).toEqual(
      ["error SB3001", "error SB3003", "error SB3004", "error SB3023", "error SB3030"].sort(),
    );
  });

  it("allows loops through nodes that wait for the caller, and rejects those that do not", () => {
    const waiting = pbxSource({
      entry: "menu",
      nodes: {
        menu: { type: "menu", prompt: { tts: "Hi" }, options: { "1": "again" } },
        again: { type: "play", prompt: { tts: "x" }, next: "menu" },
      },
    });
    expect(codes(waiting)).toEqual([]);
    const spinning = pbxSource({
      entry: "a",
      nodes: { a: { type: "play", prompt: { tts: "x" }, next: "a" } },
    });
    expect(codes(spinning)).toEqual(["error SB3012"]);
  });

  it("enforces the menu and node limits", () => {
    const options = Object.fromEntries(
      Array.from({ length: 13 }, (_, i) => [String(i + 10), "bye"]),
    );
    const menu = pbxSource({
      entry: "m",
      nodes: {
        m: { type: "menu", prompt: { tts: "x" }, options: { ...options, "1a": "bye" } },
        bye: { type: "hangup" },
      },
    });
    expect(codes(menu)).toEqual(["error SB3041", "error SB3042"]);
    const nodes = Object.fromEntries(
      Array.from({ length: 1001 }, (_, i) => [`n${i}`, { type: "hangup" }]),
    );
    expect(codes(pbxSource({ entry: "n0", nodes }))).toContain("error SB3040");
  });

  it("rejects chains of play nodes longer than one answer can carry", () => {
    const nodes = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `p${i}`,
        { type: "play", prompt: { tts: `${i}` }, ...(i < 19 ? { next: `p${i + 1}` } : {}) },
      ]),
    );
    expect(codes(pbxSource({ entry: "p0", nodes }))).toEqual(["error SB3013"]);
  });

  it("warns about unreachable nodes and unused definitions, and still compiles", () => {
    const source = pbxSource({
      prompts: { spare: { tts: "x" } },
      nodes: { bye: { type: "hangup" }, lost: { type: "hangup" } },
    });
    const result = compile(source);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}`)).toEqual([
      "warning SB3010 16",
      "warning SB3011 19",
    ]);
  });

  it("finds a number routed by two files, at its line in the second", () => {
    const a = pbxSource();
    const b = pbxSource(
      { numbers: ["+46700000000", "+46812345678"] },
      { name: "b", tenant: "acme" },
    );
    const across = checkNumbersAcrossFiles([
      { file: "a.yaml", source: a, numbers: ["+46812345678"] },
      { file: "b.yaml", source: b, numbers: ["+46700000000", "+46812345678"] },
    ]);
    expect(across).toHaveLength(1);
    expect(across[0]).toMatchObject({
      code: "SB3031",
      file: "b.yaml",
      line: b.split("\n").indexOf('    - "+46812345678"') + 1,
    });
    expect(across[0]?.hint).toContain("a.yaml:");
  });
});
