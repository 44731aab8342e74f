// The engine flags an output that repeats the last one of its memo slot
// (OutputWord.Repeat) and PbxEngine then hands out the Step it built before.
// A long-lived engine must answer exactly as a fresh one, whatever the order of
// calls and events, also when answering nodes share a slot (more than 64 nodes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CallEvent, PbxEngine, type StepInput } from "../src/node.ts";
import { bundleOf, engineModule, pbxSource } from "./compiled.ts";

const digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
const nodes = [
  `    main: { type: menu, prompt: { tts: "Main" }, options: { ${digits.map((d) => `"${d}": m${d}`).join(", ")}, "0": bye } }`,
  `    bye: { type: play, prompt: { tts: "Bye" }, next: done }`,
  `    done: { type: hangup }`,
  ...digits.flatMap((i) => [
    `    m${i}: { type: menu, prompt: { tts: "Menu ${i}" }, retries: 1, onNoInput: vm${i}, options: { ${digits.map((j) => `"${j}": c${i}${j}`).join(", ")} } }`,
    `    vm${i}: { type: voicemail, mailbox: box${i} }`,
    ...digits.map(
      (j) => `    c${i}${j}: { type: connect, to: ["+467000000${i}${j}"], onBusy: vm${i} }`,
    ),
  ]),
].join("\n");
const bundle = bundleOf(pbxSource("main", nodes));

const event: fc.Arbitrary<CallEvent> = fc.oneof(
  fc.constant({ type: "start" as const }),
  fc.record({
    type: fc.constant("digits" as const),
    digits: fc.constantFrom(...digits, "0", "12"),
  }),
  fc.constant({ type: "no_input" as const }),
  fc.record({
    type: fc.constant("dial_result" as const),
    status: fc.constantFrom("answered", "busy", "no_answer", "failed", "unreachable"),
  }),
  fc.constant({ type: "hangup" as const }),
);

describe("a long-lived engine", () => {
  it("has more nodes than memo slots, so slots are shared", () => {
    expect(PbxEngine.load(engineModule, bundle).info.nodes.length).toBeGreaterThan(64);
  });

  it("answers every step exactly as a fresh engine does", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), event), { maxLength: 40 }), (script) => {
        const engine = PbxEngine.load(engineModule, bundle);
        const calls = [0, 1, 2].map(() => ({ node: null as number | null, retry: 0 }));
        for (const [which, next] of script) {
          const call = calls[which] as (typeof calls)[number];
          const input: StepInput = {
            event: next.type === "start" ? next : call.node === null ? { type: "start" } : next,
            node: next.type === "start" ? null : call.node,
            retry: next.type === "start" ? 0 : call.retry,
            from: "+46701111111",
            to: "+46812345678",
            at: new Date("2026-11-23T10:00:00Z"),
          };
          const step = engine.decide(input);
          expect(step).toEqual(PbxEngine.load(engineModule, bundle).decide(input));
          call.node = step.node;
          call.retry = step.retry;
        }
      }),
      { numRuns: 60 },
    );
  });

  it("hands out Steps that cannot be changed", () => {
    const engine = PbxEngine.load(engineModule, bundle);
    const input: StepInput = {
      event: { type: "start" },
      node: null,
      retry: 0,
      from: "+46701111111",
      to: "+46812345678",
      at: new Date("2026-11-23T10:00:00Z"),
    };
    const first = engine.decide(input);
    expect(engine.decide(input)).toBe(first);
    expect(() => first.actions.push({ type: "hangup" })).toThrow(TypeError);
    expect(() => Object.assign(first, { node: 7 })).toThrow(TypeError);
  });
});
