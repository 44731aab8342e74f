/** Runs the CLI in-process, as a terminal would, and keeps what it printed. */
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli.ts";

export const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], options: { color?: boolean } = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    color: options.color ?? false,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
