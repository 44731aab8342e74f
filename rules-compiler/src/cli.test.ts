import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (...args: string[]) =>
  spawnSync("node", ["bin/switchboard-rules.js", ...args], { cwd: root, encoding: "utf8" });

describe("switchboard-rules", () => {
  it("check prints diagnostics and totals, and fails on errors", () => {
    const result = run("check", "test/fixtures/bad", "../rules/examples");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("cycle.yaml:11:5: error SB3012:");
    expect(result.stdout).toMatch(/9 file\(s\) checked: \d+ error\(s\), \d+ warning\(s\)/);
  });

  it("check passes on the examples", () => {
    const result = run("check", "../rules/examples");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 error(s)");
  });

  it("compile writes the bundle and prints its hash and size", () => {
    const out = join(mkdtempSync(join(tmpdir(), "sb-")), "florist.bundle");
    const result = run("compile", "../rules/examples/florist.yaml", "-o", out);
    expect(result.status).toBe(0);
    const bytes = readFileSync(out);
    expect(result.stdout).toContain(`sha256 ${sha256Hex(bytes)}, ${bytes.length} bytes`);
  });

  it("prints usage for a wrong command line", () => {
    expect(run("compile", "x.yaml").status).toBe(2);
  });
});
