/**
 * The florist example, read back byte by byte as docs/bundle-format.md describes it, so the
 * compiler and the engine's reader agree on the format.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";

const source = readFileSync(new URL("../../rules/examples/florist.yaml", import.meta.url), "utf8");
const NONE = 0xffffffff;

function read(bundle: Uint8Array) {
  const view = new DataView(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const sections = new Map<number, { offset: number; length: number }>();
  for (let i = 0; i < u32(12); i++) {
    const at = u32(16) + i * 12;
    sections.set(u32(at), { offset: u32(at + 4), length: u32(at + 8) });
  }
  const section = (id: number) => sections.get(id) ?? { offset: 0, length: 0 };
  const words = (id: number) => {
    const { offset, length } = section(id);
    return Array.from({ length: length / 4 }, (_, i) => u32(offset + i * 4));
  };
  const strings = (() => {
    const { offset } = section(1);
    const count = u32(offset);
    const blob = offset + 4 + count * 8;
    return Array.from({ length: count }, (_, i) => {
      const start = blob + u32(offset + 4 + i * 8);
      return new TextDecoder().decode(bundle.subarray(start, start + u32(offset + 8 + i * 8)));
    });
  })();
  const lists = (() => {
    const w = words(2);
    const count = w[0] ?? 0;
    const data = w.slice(1 + count * 2);
    return Array.from({ length: count }, (_, i) =>
      data.slice(w[1 + i * 2], (w[1 + i * 2] ?? 0) + (w[2 + i * 2] ?? 0)),
    );
  })();
  return { u32, sections, words, strings, lists };
}

describe("florist.yaml", () => {
  const result = compile(source, { file: "florist.yaml" });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const bundle = read(result.bundle);

  it("compiles clean, with name, tenant and numbers", () => {
    expect(result).toMatchObject({
      ok: true,
      kind: "Pbx",
      name: "florist",
      tenant: "florist",
      numbers: ["+46812345678"],
      diagnostics: [],
    });
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("has the header of the doc: magic, ABI 1, kind Pbx, length, 7 sections at 32", () => {
    expect([...result.bundle.subarray(0, 4)]).toEqual([0x53, 0x57, 0x42, 0x4e]);
    const view = new DataView(result.bundle.buffer, result.bundle.byteOffset);
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint16(6, true)).toBe(1);
    expect(bundle.u32(8)).toBe(result.bundle.length);
    expect(bundle.u32(12)).toBe(7);
    expect(bundle.u32(16)).toBe(32);
    expect([...result.bundle.subarray(20, 32)]).toEqual(new Array(12).fill(0));
  });

  it("lays out sections 1..7 in order, aligned, inside the bundle", () => {
    expect([...bundle.sections.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const { offset, length } of bundle.sections.values()) {
      expect(offset % 4).toBe(0);
      expect(offset + length).toBeLessThanOrEqual(result.bundle.length);
    }
  });

  it("carries META: entry, names, time zones, numbers and node ids", () => {
    const meta = bundle.words(7);
    const names = bundle.lists[meta[7] ?? NONE]?.map((i) => bundle.strings[i]);
    expect(names).toEqual([
      "hours",
      "main_menu",
      "shop",
      "opening_hours",
      "goodbye",
      "closed",
      "voicemail",
    ]);
    expect(meta[0]).toBe(names?.indexOf("hours"));
    expect([1, 2, 3, 4].map((i) => bundle.strings[meta[i] ?? NONE])).toEqual([
      "florist",
      "florist",
      "SE",
      "sv-SE",
    ]);
    expect(bundle.lists[meta[5] ?? NONE]?.map((i) => bundle.strings[i])).toEqual([
      "Europe/Stockholm",
    ]);
    expect(bundle.lists[meta[6] ?? NONE]?.map((i) => bundle.strings[i])).toEqual(["+46812345678"]);
  });

  it("encodes the opening hours as minutes of the week and the holiday as yyyymmdd", () => {
    const [count, timezone, intervals, holidays] = bundle.words(5);
    expect(count).toBe(1);
    expect(timezone).toBe(0);
    expect(bundle.lists[intervals ?? NONE]).toEqual([
      540, 1080, 1980, 2520, 3420, 3960, 4860, 5400, 6300, 6840, 7800, 8040,
    ]);
    expect(bundle.lists[holidays ?? NONE]).toEqual([20261225]);
  });

  it("encodes the menu and the connect node with their handlers", () => {
    const nodes = bundle.words(3);
    const record = (i: number) => nodes.slice(1 + i * 10, 11 + i * 10);
    const [menuType, , timeoutSec, retries, options, onNoInput, onInvalid, maxDigits, finishOnKey] =
      record(1);
    expect([menuType, timeoutSec, retries, onNoInput, onInvalid, maxDigits, finishOnKey]).toEqual([
      2,
      5,
      2,
      6,
      6,
      1,
      NONE,
    ]);
    expect(
      bundle.lists[options ?? NONE]?.map((w, i) => (i % 2 === 0 ? bundle.strings[w] : w)),
    ).toEqual(["1", 2, "2", 3]);
    const [connectType, targets, strategy, connectTimeout, callerId, onBusy, onNoAnswer, onFailed] =
      record(2);
    expect([connectType, strategy, connectTimeout, callerId, onBusy, onNoAnswer, onFailed]).toEqual(
      [3, 0, 25, NONE, 6, 6, NONE],
    );
    expect(bundle.lists[targets ?? NONE]?.map((i) => bundle.strings[i])).toEqual(["+46701234567"]);
  });

  it("is deterministic: the same source gives the same bytes", () => {
    const again = compile(source, { file: "elsewhere.yaml" });
    expect(again.ok && again.hash).toBe(result.hash);
    expect(again.ok && [...again.bundle]).toEqual([...result.bundle]);
  });
});
