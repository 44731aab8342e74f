// Where `npm start` leaves what another terminal needs to reach the running stack: the data
// folder (git-ignored; SWITCHBOARD_DATA_DIR moves it) and, in it, stack.json with the edge's
// URL and the dev carrier, so `npm run call` works whatever ports and carrier were chosen.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "./stack.ts";
import type { CarrierCredentials } from "./webhook.ts";

export interface StackFile {
  edgeUrl: string;
  controlUrl: string;
  carrier: CarrierCredentials;
}

export function localDataDir(): string {
  return resolve(process.env.SWITCHBOARD_DATA_DIR ?? join(repoRoot, ".data"));
}

const fileIn = (dataDir: string) => join(dataDir, "stack.json");

export function writeStackFile(dataDir: string, stack: StackFile): void {
  writeFileSync(fileIn(dataDir), JSON.stringify(stack, null, 2), { mode: 0o600 });
}

export function removeStackFile(dataDir: string): void {
  rmSync(fileIn(dataDir), { force: true });
}

/** The running stack's file, or null when none is running (or the file is unreadable). */
export function readStackFile(dataDir: string): StackFile | null {
  try {
    const file = fileIn(dataDir);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackFile) : null;
  } catch {
    return null;
  }
}
