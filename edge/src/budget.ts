/**
 * The time a request may spend waiting on storage. A carrier gives up after ~3 s,
 * so a slow KV read must turn into a fallback answer well before that.
 */
export class BudgetSpent extends Error {
  override readonly name = "BudgetSpent";
}

export class Budget {
  readonly #deadline: number;

  constructor(
    totalMs: number,
    /** No single read may take longer than this, whatever is left of the total. */
    readonly perReadMs: number,
  ) {
    this.#deadline = Date.now() + totalMs;
  }

  /** Settles like `work`, or rejects with BudgetSpent when the time runs out first. */
  race<T>(work: Promise<T>, what: string): Promise<T> {
    const ms = Math.max(0, Math.min(this.perReadMs, this.#deadline - Date.now()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BudgetSpent(`${what} took longer than ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => {
      if (timer !== undefined) clearTimeout(timer);
    });
  }
}
