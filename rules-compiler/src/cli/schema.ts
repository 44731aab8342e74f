/** `schema`: the JSON Schema of rule files, generated from the compiler's zod schemas. */
import { ruleFileJsonSchema } from "../index.ts";
import { scenarioFileJsonSchema } from "../scenario/json-schema.ts";
import { type Command, Exit, noPaths } from "./terminal.ts";

export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schema of rule files (for editors)",
  help: `usage: switchboard-rules schema [--scenarios]

Prints the JSON Schema of rule files, generated from the same zod schemas the compiler checks
with. Editors use it for completion and inline errors: rules/schema.json is this output, and a
rule file points at it with
  # yaml-language-server: $schema=../schema.json

options:
  --scenarios   the schema of scenario files instead (rules/scenarios.schema.json), which
                a scenario file points at with
                  # yaml-language-server: $schema=../scenarios.schema.json`,
  options: { scenarios: { type: "boolean" } },
  run(args, term) {
    noPaths(args);
    const schema = args.values.scenarios ? scenarioFileJsonSchema() : ruleFileJsonSchema();
    term.out(JSON.stringify(schema, null, 2));
    return Exit.ok;
  },
};
