import { describe, expect, it } from "vitest";
import { ErrorCode, NodeField } from "../assembly/abi.ts";
import { EngineError, PbxEngine } from "../src/index.ts";
import { nodeWordOffset, withWord } from "./bundle-bytes.ts";
import {
  bundleOf,
  engineModule,
  engineOf,
  floristSource,
  pbxSource,
  startCall,
} from "./compiled.ts";

/** `count` match nodes `<prefix>0..` chained by their default, ending in a hangup. */
function matchChain(prefix: string, count: number): string {
  const link = (i: number) => (i + 1 < count ? `${prefix}${i + 1}` : `${prefix}_end`);
  const nodes = Array.from(
    { length: count },
    (_, i) =>
      `    ${prefix}${i}: { type: match, cases: [{ when: { anonymous: true }, next: ${prefix}_end }], default: ${link(i)} }`,
  );
  return [...nodes, `    ${prefix}_end: { type: hangup }`].join("\n");
}

function thrown(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error("no EngineError");
}

describe("step budget", () => {
  it("allows exactly 64 node entries", () => {
    const engine = engineOf(pbxSource("a0", matchChain("a", 63)));
    expect(startCall(engine).send({ type: "start" })).toMatchObject({
      actions: [{ type: "hangup" }],
      steps: 64,
    });
  });

  it("fails a longer chain with code -12", () => {
    // The compiler refuses chains over budget, so two short chains are joined in the bytes.
    const bundle = bundleOf(pbxSource("a0", `${matchChain("a", 40)}\n${matchChain("b", 40)}`));
    const names = PbxEngine.load(engineModule, bundle).info.nodes;
    const joint = nodeWordOffset(bundle, names.indexOf("a39"), NodeField.MatchDefault);
    const engine = PbxEngine.load(engineModule, withWord(bundle, joint, names.indexOf("b0")));
    const error = thrown(() => startCall(engine).send({ type: "start" }));
    expect(error.code).toBe(ErrorCode.StepBudget);
    expect(error.message).toMatch(/more than 64/);
    // A failed decision does not break the instance.
    expect(startCall(engine, { from: "anonymous" }).send({ type: "start" }).steps).toBe(2);
  });
});

describe("bad input", () => {
  const florist = engineOf(floristSource);
  const input = {
    event: { type: "digits", digits: "1" },
    node: 1,
    retry: 0,
    from: "+46701111111",
    to: "+46812345678",
    at: new Date("2026-11-23T10:00:00Z"),
  } as const;

  it("refuses a node the bundle lacks", () => {
    expect(thrown(() => florist.decide({ ...input, node: 99 })).code).toBe(ErrorCode.BadInput);
  });

  it("refuses digits over 32 characters and non-ASCII numbers", () => {
    const digits = "1".repeat(33);
    expect(thrown(() => florist.decide({ ...input, event: { type: "digits", digits } })).code).toBe(
      ErrorCode.BadInput,
    );
    expect(thrown(() => florist.decide({ ...input, from: "+4670١" })).code).toBe(
      ErrorCode.BadInput,
    );
  });

  it("refuses an event other than start or hangup without a node", () => {
    expect(thrown(() => florist.decide({ ...input, node: null })).code).toBe(ErrorCode.BadInput);
    expect(florist.decide({ ...input, node: null, event: { type: "hangup" } })).toMatchObject({
      actions: [],
      node: null,
      answeredBy: "",
    });
  });

  it("refuses an invalid date", () => {
    expect(thrown(() => florist.decide({ ...input, at: new Date(Number.NaN) })).code).toBe(
      ErrorCode.BadInput,
    );
  });
});

describe("memory", () => {
  it("does not grow over a million decisions", { timeout: 120_000 }, () => {
    const engine = engineOf(floristSource);
    const call = startCall(engine, { at: new Date("2026-11-23T10:00:00Z") });
    const before = engine.memoryBytes;
    for (let i = 0; i < 1_000_000; i++) {
      call.send(i % 2 === 0 ? { type: "start" } : { type: "digits", digits: "1" });
    }
    expect(engine.memoryBytes).toBe(before);
  });
});
