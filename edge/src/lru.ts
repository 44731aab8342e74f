/**
 * A bounded map that forgets the least recently used entry first. Isolate caches
 * (carrier secrets, pointers, engines) use it so a long-lived isolate never grows
 * without bound. Entries count 1 each, or what `weigh` says (e.g. bytes of memory);
 * the most recent entry is kept even when it alone weighs more than the capacity.
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>();
  #weight = 0;

  constructor(
    readonly capacity: number,
    readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recent.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.#entries.set(key, value);
    this.#weight += this.weigh(value);
    while (this.#weight > this.capacity && this.#entries.size > 1) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#weight -= this.weigh(value);
  }
}
