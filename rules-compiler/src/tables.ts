/**
 * The shared tables of every bundle kind (docs/bundle-format.md): STRINGS, LISTS, PROMPTS and
 * SCHEDULES. Identical strings, lists and prompts are stored once, in first-use order, so the
 * same input always makes the same tables.
 */
export const NONE = 0xffffffff;

export const PromptKind = { audio: 1, tts: 2 } as const;

export class Tables {
  readonly strings: string[] = [];
  /** u32 words per list */
  readonly lists: number[][] = [];
  readonly prompts: [kind: number, a: number, b: number][] = [];
  readonly schedules: [timezone: number, intervals: number, holidays: number][] = [];
  readonly #strings = new Map<string, number>();
  readonly #lists = new Map<string, number>();
  readonly #prompts = new Map<string, number>();
  readonly #schedules = new Map<string, number>();

  str(s: string): number {
    return intern(this.#strings, s, () => this.strings.push(s) - 1);
  }

  optStr(s: string | undefined): number {
    return s === undefined ? NONE : this.str(s);
  }

  list(words: readonly number[]): number {
    return intern(this.#lists, words.join(","), () => this.lists.push([...words]) - 1);
  }

  strList(items: readonly string[]): number {
    return this.list(items.map((s) => this.str(s)));
  }

  optList(items: readonly string[] | undefined): number {
    return items === undefined ? NONE : this.strList(items);
  }

  /** An audio prompt (`url`) or a tts prompt (`text`, `language`). */
  prompt(p: { audio: string } | { tts: string; language: string }): number {
    const row: [number, number, number] =
      "audio" in p
        ? [PromptKind.audio, this.str(p.audio), 0]
        : [PromptKind.tts, this.str(p.tts), this.str(p.language)];
    return intern(this.#prompts, row.join(","), () => this.prompts.push(row) - 1);
  }

  /** A schedule record, shared when identical (a Pbx adds its own in source order instead). */
  schedule(timezone: number, intervals: readonly number[], holidays: readonly number[]): number {
    const row: [number, number, number] = [timezone, this.list(intervals), this.list(holidays)];
    return intern(this.#schedules, row.join(","), () => this.schedules.push(row) - 1);
  }
}

export function intern(index: Map<string, number>, key: string, add: () => number): number {
  let i = index.get(key);
  if (i === undefined) {
    i = add();
    index.set(key, i);
  }
  return i;
}
