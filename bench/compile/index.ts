// Rule compiler benchmark: compile time of generated PBXes of 10, 100 and 1,000 nodes, and
// `switchboard-rules check` over 100 files (compile each, then numbers across files), as the
// CLI runs it. Target (issue 3): a 1,000-node PBX compiles in under 300 ms. Besides wall-clock
// percentiles it prints the mean CPU time per run, which a busy machine inflates far less, and
// the ratio to a baseline measured in the same run: parsing the same YAML with `yaml` alone.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { checkCommand } from "../../rules-compiler/src/cli/check.ts";
import { compile } from "../../rules-compiler/src/index.ts";
import { ms, sampleCalls, summarize, table } from "../stats.ts";
import { generatedPbx } from "./generate.ts";

const rows: (string | number)[][] = [];
let target = { wall: 0, cpu: 0 };
for (const [nodes, runs] of [
  [10, 2000],
  [100, 300],
  [1000, 40],
] as const) {
  const source = generatedPbx(nodes);
  const first = compile(source);
  if (!first.ok)
    throw new Error(
      `generated PBX of ${nodes} nodes does not compile: ${first.diagnostics[0]?.message}`,
    );
  // The baseline, measured alongside: reading the same YAML with the `yaml` library alone, which
  // every compile must do (with source ranges for diagnostics, which parseDocument keeps).
  const parsed = summarize(
    sampleCalls(() => parseDocument(source, { keepSourceTokens: false }), runs, Math.min(runs, 20)),
  );
  const cpu = process.cpuUsage();
  const s = summarize(sampleCalls(() => compile(source), runs, Math.min(runs, 20)));
  rows.push([
    `compile, ${nodes} nodes`,
    `${(source.length / 1024).toFixed(1)} KiB`,
    `${(first.bundle.length / 1024).toFixed(1)} KiB`,
    runs,
    ms(s.p50),
    ms(s.p99),
    cpuMs(cpu, runs + Math.min(runs, 20)),
    ms(parsed.p50),
    `${(s.p50 / parsed.p50).toFixed(1)}×`,
  ]);
  if (nodes === 1000)
    target = { wall: s.p50 / 1e6, cpu: Number(cpuMs(cpu, runs + Math.min(runs, 20))) };
}

const dir = mkdtempSync(join(tmpdir(), "sb-bench-check-"));
for (let i = 0; i < 100; i++) writeFileSync(join(dir, `pbx-${i}.yaml`), generatedPbx(50, i));
const silent = { out: () => {}, err: (text: string) => console.error(text), color: false };
let code = 0;
const checkCpu = process.cpuUsage();
const check = summarize(
  sampleCalls(
    () => {
      code = checkCommand.run({ positionals: [dir], values: {} }, silent) as number;
    },
    10,
    2,
  ),
);
rmSync(dir, { recursive: true });
if (code !== 0) throw new Error("check over the generated files failed");
rows.push([
  "check, 100 files × 50 nodes",
  "",
  "",
  10,
  ms(check.p50),
  ms(check.p99),
  cpuMs(checkCpu, 12),
  "",
  "",
]);

console.log(
  table(
    ["what", "source", "bundle", "runs", "p50 ms", "p99 ms", "cpu ms/run", "yaml p50 ms", "÷ yaml"],
    rows,
  ),
);
// The wall clock counts the time other processes took the CPU from us; the CPU time does not.
console.log(
  `\ntarget: a 1,000-node PBX compiles in under 300 ms: p50 ${target.wall.toFixed(0)} ms wall (${target.wall < 300 ? "met" : "not met"}), ${target.cpu.toFixed(0)} ms CPU (${target.cpu < 300 ? "met" : "not met"}), load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
);

/** Mean CPU time (user + system, all threads) per run since `since`. */
function cpuMs(since: NodeJS.CpuUsage, runs: number): string {
  const { user, system } = process.cpuUsage(since);
  return ((user + system) / 1000 / runs).toFixed(3);
}
