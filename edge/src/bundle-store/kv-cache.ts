/**
 * Small JSON values from KV (pointers, indexes) kept briefly in the isolate. A
 * value a little stale is a better answer than none while KV is down, so a failed
 * read falls back to whatever is cached, however old.
 */
import { z } from "zod";
import { Budget } from "../budget.ts";
import { Lru } from "../lru.ts";
import { kvRead, StoreFault } from "./fault.ts";

interface Entry<T> {
  value: T | null;
  fetchedAt: number;
}

/** A background refresh may wait longer than an answer would. */
const REFRESH_BUDGET_MS = 2_000;

export class KvCache<T> {
  readonly #entries: Lru<string, Entry<T>>;
  /** Keys whose background refresh is under way: one at a time per key. */
  readonly #refreshing = new Set<string>();

  constructor(
    capacity: number,
    /** How long a value is served without asking KV again. */
    readonly freshMs: number,
    /** Turns the stored text into a value; throws a StoreFault when it cannot. */
    readonly parse: (key: string, raw: string) => T,
  ) {
    this.#entries = new Lru(capacity);
  }

  /** The value at `key` (null when KV has none): cached while fresh, else read. */
  async read(kv: KVNamespace, key: string, budget: Budget): Promise<T | null> {
    const cached = this.#entries.get(key);
    if (cached && Date.now() - cached.fetchedAt < this.freshMs) return cached.value;
    let raw: string | null;
    try {
      raw = await kvRead(() => budget.race(kv.get(key), `${key} read`), key);
    } catch (error) {
      if (cached) return cached.value;
      throw error;
    }
    const value = raw === null ? null : this.parse(key, raw);
    this.#entries.set(key, { value, fetchedAt: Date.now() });
    return value;
  }

  /**
   * What is cached for `key`, at once, however old; when it is no longer fresh, one read in
   * `background` (waitUntil) refreshes it for later requests. Only a key never read waits for
   * KV (within `budget`). Keeps KV's latency out of all but a cold isolate's answers.
   */
  async readCachedFirst(
    kv: KVNamespace,
    key: string,
    budget: Budget,
    background: (work: Promise<unknown>) => void,
    onRefreshFailed: (error: unknown) => void,
  ): Promise<T | null> {
    const cached = this.cachedNow(kv, key, background, onRefreshFailed);
    return cached === undefined ? this.read(kv, key, budget) : cached;
  }

  /**
   * `readCachedFirst` without the wait: the cached value (null when KV has none), refreshed in
   * `background` when old, or undefined when `key` was never read.
   */
  cachedNow(
    kv: KVNamespace,
    key: string,
    background: (work: Promise<unknown>) => void,
    onRefreshFailed: (error: unknown) => void,
  ): T | null | undefined {
    const cached = this.peek(key);
    if (!cached) return undefined;
    if (!cached.fresh && !this.#refreshing.has(key)) {
      this.#refreshing.add(key);
      const refresh = new Budget(REFRESH_BUDGET_MS, REFRESH_BUDGET_MS);
      background(
        this.read(kv, key, refresh)
          .catch(onRefreshFailed)
          .finally(() => this.#refreshing.delete(key)),
      );
    }
    return cached.value;
  }

  /** What is cached for `key` however old, and whether it is still fresh; undefined if nothing. */
  peek(key: string): { value: T | null; fresh: boolean } | undefined {
    const cached = this.#entries.get(key);
    if (!cached) return undefined;
    return { value: cached.value, fresh: Date.now() - cached.fetchedAt < this.freshMs };
  }
}

/** Parses `raw` as JSON of `schema`; a bad value is a `pointer_invalid` StoreFault naming `key`. */
export function parseJson<T>(key: string, raw: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new StoreFault("pointer_invalid", `${key} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new StoreFault("pointer_invalid", `${key}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
