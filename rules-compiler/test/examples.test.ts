/** What the example PBXes in rules/examples promise beyond their scenarios. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePbx } from "../src/compiled-pbx.ts";

const folder = new URL("../../rules/examples/", import.meta.url);
const read = (name: string) => {
  const compiled = compilePbx(readFileSync(new URL(name, folder), "utf8"), name);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.pbx.rule;
};

describe("rules/examples", () => {
  it("every Pbx example has scenarios and points editors at the JSON Schema", () => {
    const files = readdirSync(folder);
    for (const file of files.filter((f) => f.endsWith(".yaml") && !f.endsWith(".scenarios.yaml"))) {
      expect(files).toContain(file.replace(/\.yaml$/, ".scenarios.yaml"));
      expect(readFileSync(new URL(file, folder), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/schema\.json\n/,
      );
    }
  });

  it("the ambulance dispatch never ends a call without a human or a queue", () => {
    const { spec } = read("ambulance.yaml");
    for (const [id, node] of Object.entries(spec.nodes)) {
      expect(["match", "connect", "queue"], id).toContain(node.type);
      if (node.type === "connect") {
        expect([node.onBusy, node.onNoAnswer, node.onFailed], id).not.toContain(undefined);
      }
      if (node.type === "queue") expect(spec.queues[node.queue]?.onTimeout, id).toBeDefined();
    }
    expect(spec.schedules).toEqual({});
  });
});
