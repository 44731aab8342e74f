/**
 * switchboard-rules: the PBX admin's tool to check, compile, test, draw and explain rule files.
 * Exit codes: 0 ok, 1 problems found (diagnostics, failing scenarios), 2 a wrong command line.
 */
import { parseArgs } from "node:util";
import { checkCommand } from "./cli/check.ts";
import { compileCommand } from "./cli/compile.ts";
import { explainCommand } from "./cli/explain.ts";
import { graphCommand } from "./cli/graph.ts";
import { schemaCommand } from "./cli/schema.ts";
import { type Command, Exit, type Terminal, UsageError } from "./cli/terminal.ts";
import { testCommand } from "./cli/test.ts";
import { closest } from "./spelling.ts";

export const COMMANDS: readonly Command[] = [
  checkCommand,
  compileCommand,
  testCommand,
  graphCommand,
  explainCommand,
  schemaCommand,
];

const USAGE = `usage: switchboard-rules <command> [options]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join("\n")}

Run \`switchboard-rules <command> --help\` for a command's options.`;

export async function main(argv: readonly string[], term: Terminal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    if (topic) term.out(topic.help);
    else (name === undefined ? term.err : term.out)(USAGE);
    return name === undefined ? Exit.usage : Exit.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    const mean = guess ? `; did you mean "${guess}"?` : "";
    term.err(`switchboard-rules: unknown command "${name}"${mean}\n\n${USAGE}`);
    return Exit.usage;
  }
  try {
    const { positionals, values } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      term.out(command.help);
      return Exit.ok;
    }
    return await command.run({ positionals, values }, term);
  } catch (error) {
    if (error instanceof UsageError && !error.showUsage) {
      term.err(`switchboard-rules ${name}: ${error.message}`);
      return Exit.usage;
    }
    if (error instanceof UsageError || isArgsError(error)) {
      term.err(`switchboard-rules ${name}: ${argsMessage(error as Error)}\n\n${command.help}`);
      return Exit.usage;
    }
    const missing = (error as NodeJS.ErrnoException).code;
    if (missing === "ENOENT" || missing === "EISDIR") {
      term.err(`switchboard-rules ${name}: ${(error as Error).message}`);
      return Exit.usage;
    }
    term.err(
      `switchboard-rules ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return Exit.failed;
  }
}

/** node:util parseArgs reports unknown options and missing values with these codes. */
function isArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/** node:util's message for an unknown option is a paragraph; the option's name is enough. */
function argsMessage(error: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  return unknown ? `unknown option ${unknown[1]}` : error.message;
}
