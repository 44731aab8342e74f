import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pbxSource } from "../pbx-source.ts";
import { cli, repo } from "./run-cli.ts";

describe("switchboard-rules check", () => {
  it("passes on every rule file in rules/ (scenario files are not rule files)", async () => {
    const run = await cli(["check", repo("rules")]);
    expect(run.stdout).toMatch(/^\d+ files checked: 0 errors, 0 warnings$/);
    expect(run.code).toBe(0);
  });

  it("prints every diagnostic of every file: file:line:col, the line, a caret, a hint", async () => {
    const run = await cli(["check", repo("rules-compiler/test/fixtures/bad")]);
    expect(run.code).toBe(1);
    const blocks = run.stdout.split("\n\n").filter((b) => /^\S+\.yaml:\d+:\d+: /.test(b));
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks) {
      const [head = "", source = "", caret = "", ...rest] = block.split("\n");
      expect(head).toMatch(/^\S+\.yaml:\d+:\d+: (error|warning) SB\d{4}: \S/);
      expect(source).toMatch(/^ {2}\d+ \| /);
      expect(caret).toMatch(/^ {2} +\| *\^~*$/);
      expect(rest.find((l) => l.startsWith("hint: "))).toBeDefined();
    }
    expect(run.stdout).toMatch(/\d+ files checked: \d+ errors, \d+ warnings?$/);
  });

  it("reports a number routed by two files, pointing at both", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-check-"));
    writeFileSync(join(dir, "a.yaml"), pbxSource({}, { name: "a", tenant: "acme" }));
    writeFileSync(join(dir, "b.yaml"), pbxSource({}, { name: "b", tenant: "acme" }));
    const run = await cli(["check", dir]);
    expect(run.code).toBe(1);
    const line =
      readFileSync(join(dir, "b.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("+46812345678")) + 1;
    expect(run.stdout).toContain(`b.yaml:${line}:`);
    expect(run.stdout).toContain("error SB3031: number +46812345678 is also routed by");
    expect(run.stdout).toContain("2 files checked: 1 error, 0 warnings");
  });

  it("checks a file named twice (or inside a directory also named) once", async () => {
    const run = await cli(["check", repo("rules/examples/florist.yaml"), repo("rules/examples")]);
    expect(run.stdout).not.toContain("SB3031");
    expect(run.stdout).toMatch(/^\d+ files checked: 0 errors, 0 warnings$/);
    expect(run.code).toBe(0);
  });

  it("reports a number routed by two files even when one of them has other errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-check-"));
    writeFileSync(join(dir, "a.yaml"), pbxSource({}, { name: "a", tenant: "acme" }));
    writeFileSync(join(dir, "b.yaml"), pbxSource({ entry: "by" }, { name: "b", tenant: "acme" }));
    const run = await cli(["check", dir]);
    expect(run.stdout).toContain('error SB3001: unknown node "by"');
    expect(run.stdout).toContain("error SB3031: number +46812345678 is also routed by");
    expect(run.stdout).toContain("2 files checked: 2 errors, 0 warnings");
  });

  it("colours severities only when the terminal is a TTY", async () => {
    const args = ["check", repo("rules-compiler/test/fixtures/bad/cycle.yaml")];
    expect((await cli(args)).stdout).not.toContain("\u001b[");
    expect((await cli(args, { color: true })).stdout).toContain("\u001b[31merror\u001b[0m");
  });

  it("is a usage error without paths, or with a path that does not exist", async () => {
    expect((await cli(["check"])).code).toBe(2);
    const missing = await cli(["check", "no/such/dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no/such/dir: no such file or directory");
  });
});
