// The control plane under test in its own process, started the way operators start it
// (control-plane/src/serve.ts, configured by env), so its memory is measured alone: /proc
// tells its resident set (VmRSS) and its peak since it started (VmHWM).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServedControlPlane {
  url: string;
  pid: number;
  /** Resident and peak memory of the server process, MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  /** Forgets the peak so far (Linux clear_refs), so the next peak is one phase's alone. */
  resetPeak(): void;
  close(): Promise<void>;
}

const workspace = fileURLToPath(new URL("../../control-plane/", import.meta.url));

export async function serveControlPlane(env: Record<string, string>): Promise<ServedControlPlane> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/serve.ts"], {
    cwd: workspace,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the control plane exited (${code}) before it listened`);
  });
  const [line] = (await Promise.race([once(lines, "line"), exited])) as [string];
  const { url, pid } = JSON.parse(line) as { url: string; pid: number };
  const status = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return Number(match?.[1] ?? 0) / 1024;
  };
  return {
    url,
    pid,
    memory: () => ({ rssMiB: status("VmRSS"), peakMiB: status("VmHWM") }),
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, "5"),
    async close() {
      exited.catch(() => {});
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
