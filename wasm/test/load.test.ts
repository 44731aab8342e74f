import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrorCode, Header, MetaField, NodeField } from "../assembly/abi.ts";
import { BundleError, EngineError, PbxEngine } from "../src/index.ts";
import { metaWordOffset, nodeCount, nodeWordOffset, withWord } from "./bundle-bytes.ts";
import { bundleOf, engineModule, floristSource, startCall } from "./compiled.ts";
import { rankingSource } from "./search-fixtures.ts";

const florist = bundleOf(floristSource);
const closedNode = 5; // "closed", a play node

function refusal(bundle: Uint8Array): BundleError {
  try {
    PbxEngine.load(engineModule, bundle);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error("the bundle loaded");
}

describe("load refuses a corrupt bundle", () => {
  it("with a wrong magic", () => {
    const bundle = florist.slice();
    bundle[0] = 0x58;
    expect(refusal(bundle).code).toBe(ErrorCode.BadMagic);
  });

  it("with another ABI version", () => {
    const bundle = florist.slice();
    bundle[Header.Version] = 2;
    const error = refusal(bundle);
    expect(error.code).toBe(ErrorCode.BadAbiVersion);
    expect(error.message).toMatch(/ABI version.*recompile/);
  });

  it("that is truncated or padded", () => {
    expect(refusal(florist.subarray(0, florist.length - 4)).code).toBe(ErrorCode.BadBounds);
    expect(refusal(florist.subarray(0, 20)).code).toBe(ErrorCode.BadBounds);
    expect(refusal(new Uint8Array([...florist, 0, 0, 0, 0])).code).toBe(ErrorCode.BadBounds);
  });

  it("with a section outside the bundle", () => {
    const firstSectionLength = 32 + 8;
    expect(refusal(withWord(florist, firstSectionLength, 1 << 20)).code).toBe(ErrorCode.BadBounds);
  });

  it("with a node reference out of range", () => {
    const entry = metaWordOffset(florist, MetaField.Entry);
    expect(refusal(withWord(florist, entry, nodeCount(florist))).code).toBe(ErrorCode.BadReference);
    const next = nodeWordOffset(florist, closedNode, NodeField.PlayNext);
    expect(refusal(withWord(florist, next, 1000)).code).toBe(ErrorCode.BadReference);
  });

  it("with an unknown node type", () => {
    const type = nodeWordOffset(florist, closedNode, 0);
    expect(refusal(withWord(florist, type, 42)).code).toBe(ErrorCode.BadRecord);
  });

  it("that is not a Pbx bundle", () => {
    // A real Ranking loads (search runs it), but not as a Pbx.
    expect(refusal(bundleOf(rankingSource)).code).toBe(ErrorCode.NotPbx);
    // Read as a MobilePlan or a Ranking, a Pbx's sections are the wrong ones.
    for (const kind of [2, 4]) {
      const other = florist.slice();
      other[Header.Kind] = kind;
      expect(refusal(other).code).toBe(ErrorCode.BadBounds);
    }
  });
});

describe("random damage", () => {
  const at = new Date("2026-11-23T10:00:00Z");
  const mutation = fc.array(
    fc.record({ offset: fc.nat({ max: florist.length - 1 }), value: fc.nat({ max: 255 }) }),
    { minLength: 1, maxLength: 8 },
  );

  it("is refused by load, or runs without trapping", () => {
    fc.assert(
      fc.property(mutation, (bytes) => {
        const bundle = florist.slice();
        for (const { offset, value } of bytes) bundle[offset] = value;
        let engine: PbxEngine;
        try {
          engine = PbxEngine.load(engineModule, bundle);
        } catch (error) {
          expect(error).toBeInstanceOf(BundleError);
          return;
        }
        const call = startCall(engine, { at });
        for (const event of [
          { type: "start" },
          { type: "digits", digits: "1" },
          { type: "dial_result", status: "no_answer" },
          { type: "no_input" },
        ] as const) {
          try {
            call.send(event);
          } catch (error) {
            // A damaged but valid bundle may chain too far; it must never trap.
            expect(error).toBeInstanceOf(EngineError);
            expect((error as EngineError).code).not.toBe(ErrorCode.Trapped);
            return;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("any truncation is refused", () => {
    fc.assert(
      fc.property(fc.nat({ max: florist.length - 1 }), (length) => {
        expect(refusal(florist.subarray(0, length)).code).toBeLessThan(0);
      }),
    );
  });
});
