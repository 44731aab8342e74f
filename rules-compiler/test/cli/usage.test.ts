import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli.ts";
import { cli, repo } from "./run-cli.ts";

describe("switchboard-rules usage", () => {
  it("lists the commands with --help (exit 0) and without a command (exit 2)", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name}`);
    expect((await cli([])).code).toBe(2);
  });

  it.each(COMMANDS.map((c) => c.name))("%s --help prints its usage", async (name) => {
    const run = await cli([name, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: switchboard-rules ${name}`));
  });

  it("an unknown command or option is a usage error (exit 2) with the usage", async () => {
    const unknown = await cli(["chekc"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "chekc"; did you mean "check"?');
    const option = await cli(["graph", repo("rules/examples/florist.yaml"), "--fromat", "svg"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^switchboard-rules graph: unknown option --fromat\n/);
    expect(option.stderr).toContain("usage: switchboard-rules graph");
  });

  it("a command given arguments it does not take is a usage error", async () => {
    const run = await cli(["schema", "rules/"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unexpected argument "rules/"');
    expect(run.stdout).toBe("");
  });

  it("a path that cannot be read or written is named with what is wrong (exit 2)", async () => {
    const florist = repo("rules/examples/florist.yaml");
    const missing = await cli(["compile", "no-such.yaml", "-o", "x.bundle"]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: "switchboard-rules compile: cannot read no-such.yaml: no such file or directory",
    });
    const directory = await cli(["graph", repo("rules")]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/cannot read \S+rules: it is a directory; give a file$/);
    const out = join(mkdtempSync(join(tmpdir(), "sb-usage-")), "no-dir", "florist.bundle");
    const unwritable = await cli(["compile", florist, "-o", out]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toBe(
      `switchboard-rules compile: cannot write ${out}: no such file or directory`,
    );
  });

  it("the installed bin runs and exits with the command's code", () => {
    const run = spawnSync(
      "node",
      [repo("rules-compiler/bin/switchboard-rules.js"), "check", repo("rules/examples")],
      { encoding: "utf8" },
    );
    expect(run.stdout).toContain("0 errors");
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.status).toBe(0);
  });
});
