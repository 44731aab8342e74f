import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, repo } from "./run-cli.ts";

/** A folder with the florist rule file and the given scenario file next to it. */
function florist(scenarios: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sb-test-"));
  cpSync(repo("rules/examples/florist.yaml"), join(dir, "florist.yaml"));
  writeFileSync(join(dir, "florist.scenarios.yaml"), scenarios);
  return dir;
}

const OPEN = `defaults: { from: "+46701112233", at: 2026-11-25T10:00:00+01:00 }\n`;

describe("switchboard-rules test", () => {
  it("runs every scenario of rules/examples on the engine, all green", async () => {
    const run = await cli(["test", repo("rules/examples")]);
    expect(run.stdout).not.toContain("✗");
    expect(run.stdout).toMatch(/\n(\d+) scenarios in 5 files: \1 passed, 0 failed$/);
    expect(run.code).toBe(0);
  });

  it("a rule file runs the scenario file next to it", async () => {
    const run = await cli(["test", repo("rules/examples/florist.yaml")]);
    expect(run.stdout).toContain("florist.scenarios.yaml → ");
    expect(run.code).toBe(0);
  });

  it("prints expected vs actual for the first failing step, and exits 1", async () => {
    const dir = florist(`${OPEN}scenarios:
  - name: the shop
    steps:
      - event: start
      - event: digits
        digits: "1"
        expect: { node: voicemail, actions: [{ type: connect, to: ["+46700000000"] }] }
      - event: hangup
`);
    const run = await cli(["test", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ the shop (");
    expect(run.stdout).toContain(
      `step 2, digits "1" (${join(dir, "florist.scenarios.yaml")}:6:9):`,
    );
    expect(run.stdout).toContain("node: expected voicemail, got shop");
    expect(run.stdout).toContain('actions[0].to: expected ["+46700000000"], got ["+46701234567"]');
    expect(run.stdout).toMatch(/1 scenario in 1 file: 0 passed, 1 failed$/);
  });

  it("shows a different number of actions as - expected / + actual lines", async () => {
    const dir = florist(`${OPEN}scenarios:
  - name: closed
    at: 2026-11-29T12:00:00+01:00
    steps:
      - event: start
        expect: { actions: [{ type: voicemail }] }
`);
    const run = await cli(["test", dir]);
    expect(run.stdout).toContain("actions: expected 1, got 2");
    expect(run.stdout).toContain('  - {"type":"voicemail"}');
    expect(run.stdout).toMatch(/ {2}\+ \{"type":"play","prompt":\{"tts":"Butiken/);
  });

  it("validates the scenario file with line and column, and checks node names", async () => {
    const shape = await cli([
      "test",
      florist(`${OPEN}scenarios:\n  - name: x\n    steps:\n      - event: digit\n`),
    ]);
    expect(shape.code).toBe(1);
    expect(shape.stdout).toContain(
      'florist.scenarios.yaml:5:16: error SB5001: scenarios[0].steps[0].event: unknown event "digit"',
    );
    expect(shape.stdout).toContain('hint: did you mean "digits"?');

    const node = await cli([
      "test",
      florist(
        `${OPEN}scenarios:\n  - name: x\n    steps:\n      - event: start\n        expect: { node: main_men }\n`,
      ),
    ]);
    expect(node.stdout).toContain('error SB5010: the Pbx has no node "main_men"');
    expect(node.stdout).toContain('hint: did you mean "main_menu"?');
    expect(node.stdout).toContain("1 error in files");
  });

  it("says when a step comes after the call ended", async () => {
    const dir = florist(
      `${OPEN}scenarios:\n  - name: x\n    steps:\n      - event: start\n      - event: hangup\n      - event: no_input\n`,
    );
    const run = await cli(["test", dir]);
    expect(run.stdout).toContain("the call had already ended");
    expect(run.code).toBe(1);
  });

  it("reports a rule file without scenarios as a usage error", async () => {
    const run = await cli(["test", repo("rules-compiler/test/fixtures/good/support-line.yaml")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no scenarios; write them in");
  });
});

/** A folder with the example MobilePlan and the given scenario file next to it. */
function telco(scenarios: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sb-test-mobile-"));
  cpSync(repo("rules/mobile/telco-se.yaml"), join(dir, "telco-se.yaml"));
  writeFileSync(join(dir, "telco-se.scenarios.yaml"), scenarios);
  return dir;
}

describe("switchboard-rules test, MobilePlan scenarios", () => {
  it("runs the example plan's calls on the engine, all green", async () => {
    const run = await cli(["test", repo("rules/mobile/telco-se.yaml")]);
    expect(run.stdout).not.toContain("✗");
    expect(run.stdout).toMatch(/\n(\d+) scenarios in 1 file: \1 passed, 0 failed$/);
    expect(run.code).toBe(0);
  });

  it("prints the rule and the action the engine answered when they differ", async () => {
    const dir = telco(`subscribers: [{ number: "+46701234501" }]
scenarios:
  - name: premium
    direction: outbound
    from: "+46701234501"
    to: "+46900123456"
    expect: { rule: outbound, action: { type: connect } }
`);
    const run = await cli(["test", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ premium (");
    expect(run.stdout).toContain("outbound call from +46701234501 to +46900123456:");
    expect(run.stdout).toContain("rule: expected outbound, got barred_premium");
    expect(run.stdout).toContain('action.type: expected "connect", got "reject"');
    expect(run.stdout).toMatch(/1 scenario in 1 file: 0 passed, 1 failed$/);
  });

  it("checks the file: subscribers' rows, missing parties, numbers that are no subscriber", async () => {
    const dir = telco(`subscribers: [{ number: "0701234501" }]
scenarios:
  - name: no direction
    to: "+46701234501"
    expect: { rule: subscriber }
`);
    const run = await cli(["test", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "telco-se.scenarios.yaml:1:25: error SB5001: subscribers[0].number: expected an E.164 number",
    );
    const fixed = telco(`subscribers: [{ number: "+46701234501" }]
scenarios:
  - name: no direction
    from: "+46735555555"
    to: "+46701234599"
    expect: { rule: subscriber }
`);
    const second = await cli(["test", fixed]);
    expect(second.stdout).toContain('error SB5003: scenario "no direction" has no `direction`');
    expect(second.stdout).toContain(
      "warning SB5013: +46701234599 is not among `subscribers`, so the engine answers not_subscriber",
    );
  });
});
