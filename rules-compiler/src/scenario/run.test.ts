import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePbx } from "../compiled-pbx.ts";
import { runScenarios } from "./run.ts";

const repo = (path: string) => new URL(`../../../${path}`, import.meta.url);
const florist = readFileSync(repo("rules/examples/florist.yaml"), "utf8");
const scenarios = readFileSync(repo("rules/examples/florist.scenarios.yaml"), "utf8");

function pbx(source: string) {
  const compiled = compilePbx(source, "draft.yaml");
  if (!compiled.ok) throw new Error("the test's rule file does not compile");
  return compiled.pbx;
}

describe("runScenarios (rule file and scenarios given as text)", () => {
  it("passes the florist's own scenarios", async () => {
    const outcome = await runScenarios(scenarios, pbx(florist));
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.scenarios.length).toBeGreaterThan(2);
    expect(outcome.scenarios.filter((s) => s.failure)).toEqual([]);
  });

  it("fails the scenario a changed draft breaks, at its step", async () => {
    const draft = florist.replace("timeoutSec: 25", "timeoutSec: 40");
    const outcome = await runScenarios(scenarios, pbx(draft), "florist.scenarios.yaml");
    const failed = outcome.scenarios.filter((s) => s.failure);
    expect(failed.map((s) => s.scenario.name)).toEqual(["open, 1 reaches the shop, which answers"]);
    expect(failed[0]?.failure?.index).toBe(1);
    expect(failed[0]?.failure?.problems.join("\n")).toContain("40");
  });

  it("reports a broken scenario file at its line, against the scenario text", async () => {
    const outcome = await runScenarios("scenarios:\n  - name: x\n    stepz: []\n", pbx(florist));
    expect(outcome.scenarios).toEqual([]);
    const unknown = outcome.diagnostics.find(({ d }) => d.message.includes("stepz"));
    expect(unknown?.d).toMatchObject({ severity: "error", line: 3, column: 5 });
    expect(unknown?.source).toContain("stepz");
  });
});
