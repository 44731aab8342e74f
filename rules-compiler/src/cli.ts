/**
 * switchboard-rules: check and compile rule files from a terminal or CI.
 *   switchboard-rules check <files|dirs...>     diagnostics + totals; exit 1 on errors
 *   switchboard-rules compile <file> -o <out>   writes the bundle; prints its hash and size
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkNumbersAcrossFiles, compile, formatDiagnostic, tally } from "./index.ts";

const USAGE =
  "usage: switchboard-rules check <files|dirs...>\n       switchboard-rules compile <file> -o <out>";

function ruleFiles(paths: string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, encoding: "utf8" })
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
}

function runCheck(paths: string[]): number {
  const files = ruleFiles(paths).map((file) => {
    const source = readFileSync(file, "utf8");
    return { file, source, result: compile(source, { file }) };
  });
  const diagnostics = files.flatMap(({ source, result }) =>
    result.diagnostics.map((d) => ({ d, source })),
  );
  const across = checkNumbersAcrossFiles(
    files.flatMap(({ file, source, result }) =>
      result.ok ? [{ file, source, numbers: result.numbers }] : [],
    ),
  );
  for (const d of across)
    diagnostics.push({ d, source: files.find((f) => f.file === d.file)?.source ?? "" });
  for (const { d, source } of diagnostics) console.log(`${formatDiagnostic(d, source)}\n`);
  const { errors, warnings } = tally(diagnostics.map(({ d }) => d));
  console.log(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}

function runCompile(file: string, out: string): number {
  const source = readFileSync(file, "utf8");
  const result = compile(source, { file });
  for (const d of result.diagnostics) console.log(`${formatDiagnostic(d, source)}\n`);
  if (!result.ok) return 1;
  writeFileSync(out, result.bundle);
  console.log(`${out}: sha256 ${result.hash}, ${result.bundle.length} bytes`);
  return 0;
}

function main(argv: string[]): number {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (command === "check" && rest.length > 0) return runCheck(rest);
  if (command === "compile" && rest.length === 1 && rest[0] && values.out)
    return runCompile(rest[0], values.out);
  console.error(USAGE);
  return values.help ? 0 : 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`switchboard-rules: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
