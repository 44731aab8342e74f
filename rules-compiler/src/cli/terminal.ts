/**
 * What every command shares: where output goes, colour (only on a terminal), the usage error
 * that exits 2, and how paths on the command line become rule and scenario files.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** true only when stdout is a TTY and NO_COLOR is unset */
  color: boolean;
}

export const Exit = { ok: 0, failed: 1, usage: 2 } as const;

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** false for a path that cannot be read or written: the usage would not help */
  readonly showUsage: boolean = true;
}

/** A path on the command line that cannot be read or written: exit 2, without the usage. */
class PathError extends UsageError {
  override readonly showUsage = false;
}

export interface Command {
  name: string;
  /** one line for the command list */
  summary: string;
  /** the full --help text, starting with the usage line */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(args: Args, term: Terminal): number | Promise<number>;
}

export interface Args {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

const SGR = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
export type Paint = Record<keyof typeof SGR, (text: string) => string>;

export function paint(term: Terminal): Paint {
  const style = (code: number) => (text: string) =>
    term.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  return {
    red: style(SGR.red),
    green: style(SGR.green),
    yellow: style(SGR.yellow),
    cyan: style(SGR.cyan),
    bold: style(SGR.bold),
    dim: style(SGR.dim),
  };
}

export function processTerminal(): Terminal {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
  };
}

export const SCENARIO_SUFFIX = ".scenarios.yaml";
export const isScenarioFile = (path: string) => path.endsWith(SCENARIO_SUFFIX);

/**
 * Files under the given paths (directories recursively, sorted) that `want` accepts, each once
 * even when named twice (`check rules rules/examples`).
 */
export function filesUnder(paths: readonly string[], want: (path: string) => boolean): string[] {
  const seen = new Set<string>();
  const once = (path: string) => {
    const key = resolve(path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return paths.flatMap((path) => {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
    if (!directory) return once(path) ? [path] : [];
    return readdirSync(path, { recursive: true, encoding: "utf8" })
      .filter(want)
      .sort()
      .map((name) => join(path, name))
      .filter(once);
  });
}

/** A file's text, or a usage error that names the file and says what is wrong with the path. */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new PathError(`cannot read ${path}: ${pathProblem(error)}`);
  }
}

/** Writes an output file, or a usage error that names it and says what is wrong. */
export function writeOutput(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new PathError(`cannot write ${path}: ${pathProblem(error)}`);
  }
}

function pathProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "it is a directory; give a file";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** A command that takes no arguments. */
export function noPaths(args: Args): void {
  const [extra] = args.positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
}

/** Rule files: *.yaml / *.yml, except scenario files. */
export const ruleFiles = (paths: readonly string[]) =>
  filesUnder(paths, (name) => /\.ya?ml$/.test(name) && !isScenarioFile(name));

/** The value of a string option, or a usage error naming it. */
export function requiredString(args: Args, name: string): string {
  const value = args.values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** Exactly one positional argument (a file). */
export function onePath(args: Args, what = "<file>"): string {
  const [path, ...extra] = args.positionals;
  if (path === undefined) throw new UsageError(`missing ${what}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return path;
}
