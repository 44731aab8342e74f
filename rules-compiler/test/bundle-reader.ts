/**
 * A reader written from docs/bundle-format.md alone (not from codegen.ts), so the tests check
 * the bytes against the documented contract the engine and the edge read by.
 */
import { expect } from "vitest";

export const NONE = 0xffffffff;

export interface ReadBundle {
  kind: number;
  /** section ids in table order */
  ids: number[];
  /** a section's u32 words */
  words(id: number): number[];
  strings: string[];
  lists: number[][];
  str(index: number): string | null;
  strList(index: number): string[] | null;
  prompts: ({ audio: string } | { tts: string; language: string })[];
  schedules: { timezone: number; intervals: number[]; holidays: number[] }[];
}

export function readBundle(bytes: Uint8Array): ReadBundle {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  expect([...bytes.subarray(0, 4)]).toEqual([0x53, 0x57, 0x42, 0x4e]);
  expect(view.getUint16(4, true)).toBe(1);
  expect(u32(8)).toBe(bytes.length);
  expect(u32(16)).toBe(32);
  expect([...bytes.subarray(20, 32)]).toEqual(new Array(12).fill(0));
  const count = u32(12);
  const sections = new Map<number, { offset: number; length: number }>();
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const [id, offset, length] = [u32(32 + i * 12), u32(36 + i * 12), u32(40 + i * 12)];
    expect(offset % 4).toBe(0);
    expect(length % 4).toBe(0);
    expect(offset).toBeGreaterThanOrEqual(32 + count * 12);
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    if (ids.length > 0) expect(id).toBeGreaterThan(ids.at(-1) as number);
    ids.push(id);
    sections.set(id, { offset, length });
  }
  const words = (id: number) => {
    const s = sections.get(id);
    if (!s) return [];
    return Array.from({ length: s.length / 4 }, (_, i) => u32(s.offset + i * 4));
  };

  const stringWords = words(1);
  const stringCount = stringWords[0] ?? 0;
  const blob = (sections.get(1)?.offset ?? 0) + 4 + stringCount * 8;
  const decoder = new TextDecoder();
  const strings = Array.from({ length: stringCount }, (_, i) => {
    const start = blob + (stringWords[1 + i * 2] ?? 0);
    return decoder.decode(bytes.subarray(start, start + (stringWords[2 + i * 2] ?? 0)));
  });
  const listWords = words(2);
  const listCount = listWords[0] ?? 0;
  const lists = Array.from({ length: listCount }, (_, i) => {
    const start = 1 + listCount * 2 + (listWords[1 + i * 2] ?? 0);
    return listWords.slice(start, start + (listWords[2 + i * 2] ?? 0));
  });
  const str = (i: number) => (i === NONE ? null : (strings[i] as string));
  const strList = (i: number) =>
    i === NONE ? null : (lists[i] as number[]).map((s) => strings[s] as string);

  const promptWords = words(4);
  const prompts = Array.from({ length: promptWords[0] ?? 0 }, (_, i) => {
    const [kind, a, b] = promptWords.slice(1 + i * 3, 4 + i * 3) as [number, number, number];
    return kind === 1
      ? { audio: strings[a] as string }
      : { tts: strings[a] as string, language: strings[b] as string };
  });
  const scheduleWords = words(5);
  const schedules = Array.from({ length: scheduleWords[0] ?? 0 }, (_, i) => {
    const [timezone, intervals, holidays] = scheduleWords.slice(1 + i * 3, 4 + i * 3) as number[];
    return {
      timezone: timezone as number,
      intervals: lists[intervals as number] as number[],
      holidays: lists[holidays as number] as number[],
    };
  });
  return {
    kind: view.getUint16(6, true),
    ids,
    words,
    strings,
    lists,
    str,
    strList,
    prompts,
    schedules,
  };
}
