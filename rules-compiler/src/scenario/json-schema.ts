/**
 * The JSON Schema of scenario files, from the same zod schemas `test` reads them with, so an
 * editor completes and flags a scenario file as it does a rule file: a Pbx's (calls as steps)
 * or a MobilePlan's (subscribers and single calls).
 */
import { z } from "zod";
import { MobileScenarioFileSchema } from "./mobile.ts";
import { ScenarioFileSchema } from "./schema.ts";

export function scenarioFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(z.union([ScenarioFileSchema, MobileScenarioFileSchema]), {
    io: "input",
    target: "draft-7",
    unrepresentable: "any",
  });
  return {
    $schema: schema.$schema,
    title: "Switchboard scenario file",
    description:
      "calls to test a rule file with `switchboard-rules test`: a Pbx's as steps, a MobilePlan's as single calls",
    ...schema,
  };
}
