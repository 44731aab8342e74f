/** `schema`: the JSON Schema of rule files, generated from the compiler's zod schemas. */
import { ruleFileJsonSchema } from "../index.ts";
import { type Command, Exit, noPaths } from "./terminal.ts";

export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schema of rule files (for editors)",
  help: `usage: switchboard-rules schema

Prints the JSON Schema of rule files, generated from the same zod schemas the compiler checks
with. Editors use it for completion and inline errors: rules/schema.json is this output, and a
rule file points at it with
  # yaml-language-server: $schema=../schema.json`,
  options: {},
  run(args, term) {
    noPaths(args);
    term.out(JSON.stringify(ruleFileJsonSchema(), null, 2));
    return Exit.ok;
  },
};
