// Shared measuring for every benchmark: samples in nanoseconds, percentiles,
// and the markdown table each benchmark prints. Benchmarks compare against a
// baseline measured in the same run, so the machine's noise cancels out.
import { readFileSync } from "node:fs";
import { arch, cpus, totalmem } from "node:os";

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : 0,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Times `fn` one call at a time (after a warm-up), in nanoseconds per call. */
export function sampleCalls(
  fn: () => unknown,
  calls: number,
  warmup = Math.min(calls, 10_000),
): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  return samples;
}

/** Calls per second of `fn` over a tight loop of `calls` (after a warm-up). */
export function throughput(fn: () => unknown, calls: number): number {
  for (let i = 0; i < Math.min(calls, 10_000); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn();
  return calls / (Number(process.hrtime.bigint() - start) / 1e9);
}

export const ms = (ns: number) => (ns / 1e6).toFixed(3);
export const us = (ns: number) => (ns / 1e3).toFixed(2);

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"} (${arch()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** CPU time counters of the whole machine (/proc/stat's first line), or null off Linux. */
function cpuTimes(): { steal: number; total: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/) ?? [];
    // cpu user nice system idle iowait irq softirq steal …
    const ticks = fields.slice(1, 9).map(Number);
    return { steal: ticks[7] ?? 0, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * Measures the hypervisor's steal from now on: the share of the machine's CPU time given to
 * other guests. A shared VM loses a fifth of its time on a bad day, in slices that stall
 * whatever runs; every row of a run then carries that noise, so the benchmarks print it.
 */
export function stealMeter(): () => string {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total === start.total) return "steal: unknown (no /proc/stat)";
    const share = (100 * (end.steal - start.steal)) / (end.total - start.total);
    return `hypervisor steal: ${share.toFixed(1)} % of CPU time (/proc/stat)${share >= 3 ? "; a noisy host: compare rows of this run only" : ""}`;
  };
}
