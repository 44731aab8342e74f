import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/sha256.ts";
import { cli, repo } from "./run-cli.ts";

describe("switchboard-rules compile", () => {
  it("writes the bundle and prints its hash and size", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sb-")), "florist.bundle");
    const run = await cli(["compile", repo("rules/examples/florist.yaml"), "-o", out]);
    expect(run.code).toBe(0);
    const bytes = readFileSync(out);
    expect(run.stdout).toBe(`${out}: sha256 ${sha256Hex(bytes)}, ${bytes.length} bytes`);
  });

  it("prints the diagnostics and writes nothing for a broken file", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sb-")), "x.bundle");
    const run = await cli([
      "compile",
      repo("rules-compiler/test/fixtures/bad/cycle.yaml"),
      "-o",
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("cycle.yaml:11:5: error SB3012:");
    expect(() => readFileSync(out)).toThrow();
  });

  it("needs -o", async () => {
    const run = await cli(["compile", repo("rules/examples/florist.yaml")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out is required");
  });
});
