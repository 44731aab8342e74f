import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { EdgeEvent } from "./schema.ts";

/**
 * A durable waiting room for events the database could not take (Node mode). Batches are
 * appended to `current.ndjson` and fsynced before the sender is answered; a drainer renames
 * that file aside and inserts it in order, deleting each file only once all of it is stored,
 * retrying with exponential backoff while the database stays down. Inserts are idempotent, so
 * a crash mid-drain replays at most a few events, which the primary key then skips.
 */
export interface EventSpoolOptions {
  dir: string;
  insert(events: EdgeEvent[]): Promise<unknown>;
  /** First retry delay; doubles per failed attempt up to `maxDelayMs` (defaults 250 / 30 000). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Told about each failed drain (the server logs it). */
  onError?(error: unknown): void;
}

const current = "current.ndjson";
const insertChunk = 1000;

export class EventSpool {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;
  private closed = false;
  private draining: Promise<number> | undefined;

  private constructor(private readonly options: EventSpoolOptions) {
    this.delay = options.minDelayMs ?? 250;
  }

  /** Opens (creates) the spool and starts draining whatever a previous process left in it. */
  static async open(options: EventSpoolOptions): Promise<EventSpool> {
    await mkdir(options.dir, { recursive: true });
    const spool = new EventSpool(options);
    spool.schedule(0);
    return spool;
  }

  /** Appends events durably (fsync) and schedules a drain. */
  append(events: readonly EdgeEvent[]): Promise<void> {
    const data = events.map((e) => `${JSON.stringify(e)}\n`).join("");
    const done = this.serial(async () => {
      const file = await open(join(this.options.dir, current), "a");
      try {
        await file.appendFile(data);
        await file.datasync();
      } finally {
        await file.close();
      }
    });
    this.schedule(this.delay);
    return done;
  }

  /** Events still waiting (spooled, not yet in the database). */
  async pending(): Promise<number> {
    let count = 0;
    for (const name of await this.files()) {
      // A drain may rotate or delete the file between the listing and the read.
      const text = await readFile(join(this.options.dir, name), "utf8").catch(missingAsEmpty);
      count += text.split("\n").filter((line) => line.trim() !== "").length;
    }
    return count;
  }

  /**
   * One pass: every spooled event into the database, oldest first; throws if it cannot. Only
   * the rotation of `current.ndjson` waits for appends, so a hanging database never holds up a
   * sender; concurrent calls share one pass.
   */
  drain(): Promise<number> {
    this.draining ??= this.drainFiles().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainFiles(): Promise<number> {
    const dir = this.options.dir;
    await this.serial(async () => {
      const names = await readdir(dir);
      if (names.includes(current)) {
        await rename(join(dir, current), join(dir, `batch-${Date.now()}-${names.length}.ndjson`));
      }
    });
    let drained = 0;
    for (const name of await this.files()) {
      if (name === current) continue;
      const events = parseLines(await readFile(join(dir, name), "utf8"));
      for (let i = 0; i < events.length; i += insertChunk) {
        await this.options.insert(events.slice(i, i + insertChunk));
      }
      await rm(join(dir, name));
      drained += events.length;
    }
    return drained;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.queue.catch(() => {});
    await this.draining?.catch(() => {});
  }

  private schedule(ms: number) {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      try {
        await this.drain();
        this.delay = this.options.minDelayMs ?? 250;
      } catch (error) {
        this.options.onError?.(error);
        this.delay = Math.min(this.delay * 2, this.options.maxDelayMs ?? 30_000);
        this.schedule(this.delay);
      }
    }, ms);
    this.timer.unref?.();
  }

  private async files(): Promise<string[]> {
    const names = await readdir(this.options.dir);
    // `batch-<ms>-<n>` names sort by time once the numbers are compared, not the text.
    return names
      .filter((n) => n.startsWith("batch-") || n === current)
      .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }
}

function missingAsEmpty(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
  throw error;
}

function order(name: string): number {
  return name === current ? Number.MAX_SAFE_INTEGER : Number(name.split("-")[1]);
}

/** A crash mid-append can leave a torn last line; it was never acknowledged, so it is skipped. */
function parseLines(text: string): EdgeEvent[] {
  const events: EdgeEvent[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      events.push(JSON.parse(line) as EdgeEvent);
    } catch {
      // torn write
    }
  }
  return events;
}
