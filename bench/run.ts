// `npm run bench [name...]`: runs each benchmark folder (bench/<name>/index.ts)
// in its own process, one after another, and writes what they printed to
// bench/reports/<timestamp>.md and bench/reports/latest.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machine } from "./stats.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(here, e.name, "index.ts")))
  .map((e) => e.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (names.length === 0) {
  console.error(
    `no benchmark matches ${wanted.join(", ")}; folders with an index.ts under bench/ are benchmarks`,
  );
  process.exit(2);
}

const sections = [`# Benchmarks\n\n${new Date().toISOString()} on ${machine()}\n`];
let failed = false;
for (const name of names) {
  console.log(`\n## ${name}\n`);
  // A 64 MB young generation: the HTTP load generator runs in this process, and its own
  // scavenges (every ~0.8 s at 1,000 req/s with the default, 3–5 ms each) landed in the
  // latencies it measures, and capped the constant worker's saturation.
  const flags = ["--max-semi-space-size=64", "--import", "tsx"];
  const run = spawnSync(process.execPath, [...flags, join(here, name, "index.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  process.stdout.write(run.stdout);
  failed ||= run.status !== 0;
  sections.push(
    `## ${name}\n\n${run.stdout.trim()}\n${run.status === 0 ? "" : `\n(exited ${run.status})\n`}`,
  );
}

const reports = join(here, "reports");
mkdirSync(reports, { recursive: true });
const report = sections.join("\n");
writeFileSync(join(reports, `${new Date().toISOString().replace(/[:.]/g, "-")}.md`), report);
writeFileSync(join(reports, "latest.md"), report);
console.log(`\nreport: bench/reports/latest.md`);
process.exit(failed ? 1 : 0);
