/**
 * Engines by key (a bundle hash, or a Ranking + snapshot pair) for the isolate's life, within a
 * bounded LRU; concurrent first requests for one key share one fetch and load.
 */
import { Lru } from "../lru.ts";

export class EngineCache<E> {
  readonly #engines: Lru<string, E>;
  readonly #loading = new Map<string, Promise<E>>();

  /** `capacity` engines, or units of `weigh` (e.g. bytes of memory). */
  constructor(capacity: number, weigh?: (engine: E) => number) {
    this.#engines = new Lru(capacity, weigh);
  }

  /** The engine for `key`, loaded by `load` when it is not already here or on its way. */
  async get(key: string, load: () => Promise<E>): Promise<E> {
    const cached = this.#engines.get(key);
    if (cached) return cached;
    let pending = this.#loading.get(key);
    if (!pending) {
      pending = load()
        .then((engine) => {
          this.#engines.set(key, engine);
          return engine;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, pending);
    }
    return pending;
  }

  /** The engine for `key` if it is loaded. */
  peek(key: string): E | undefined {
    return this.#engines.get(key);
  }

  /** Forgets an engine that failed: after a trap its instance refuses further use. */
  delete(key: string): void {
    this.#engines.delete(key);
  }
}
