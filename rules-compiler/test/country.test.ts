import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";
import { NONE, type ReadBundle, readBundle } from "./bundle-reader.ts";
import { kindSource, ruleFile } from "./rule-source.ts";

/** Output action records → SPEC §4 JSON, from the doc's "Output area" table. */
function action(b: ReadBundle, w: number[]): Record<string, unknown> {
  const prompt = (i: number) => b.prompts[i];
  switch (w[0]) {
    case 1:
      return {
        type: "connect",
        to: b.strList(w[1] as number),
        strategy: w[2] === 1 ? "sequential" : "simultaneous",
        timeoutSec: w[3],
        ...(w[4] === NONE ? {} : { callerId: b.str(w[4] as number) }),
      };
    case 2:
      return { type: "play", prompt: prompt(w[1] as number), ...(w[2] ? { loop: w[2] } : {}) };
    case 5:
      return {
        type: "voicemail",
        mailbox: b.str(w[1] as number),
        ...(w[2] === NONE ? {} : { greeting: prompt(w[2] as number) }),
        maxSec: w[3],
      };
    case 6:
      return { type: "reject", reason: ["busy", "rejected", "unavailable"][w[1] as number] };
    case 7:
      return { type: "hangup" };
    default:
      throw new Error(`opcode ${w[0]} is not a fallback action`);
  }
}

function country(source: string) {
  const result = compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const b = readBundle(result.bundle);
  const w = b.words(10);
  const count = w[8] as number;
  return {
    result,
    b,
    w,
    fields: {
      code: b.str(w[0] as number),
      callingCode: b.str(w[1] as number),
      nationalPrefix: b.str(w[2] as number),
      emergencyNumbers: b.strList(w[3] as number),
      timezone: b.str(w[4] as number),
      languages: b.strList(w[5] as number),
      currency: b.str(w[6] as number),
      dataRegion: b.str(w[7] as number),
      fallback: Array.from({ length: count }, (_, k) => action(b, w.slice(9 + k * 8, 17 + k * 8))),
    },
  };
}

const base = {
  callingCode: "46",
  emergencyNumbers: ["112"],
  timezone: "Europe/Stockholm",
  languages: ["sv-SE"],
  currency: "SEK",
  dataRegion: "eu",
};

describe("Country bundles", () => {
  it("lays out SE as the format doc says, fallback in the output action encoding", () => {
    const { result, b, w, fields } = country(ruleFile("countries", "se.yaml"));
    expect(result).toMatchObject({ kind: "Country", name: "SE", tenant: null, numbers: [] });
    expect(b.kind).toBe(3);
    expect(b.ids).toEqual([1, 2, 4, 10]);
    expect(w).toHaveLength(41);
    expect(fields).toEqual({
      code: "SE",
      callingCode: "46",
      nationalPrefix: "0",
      emergencyNumbers: ["112"],
      timezone: "Europe/Stockholm",
      languages: ["sv-SE", "en-GB"],
      currency: "SEK",
      dataRegion: "eu",
      fallback: [
        {
          type: "play",
          prompt: {
            tts: "Vi kan tyvärr inte koppla ditt samtal just nu. Försök igen om en stund.",
            language: "sv-SE",
          },
        },
        { type: "reject", reason: "unavailable" },
      ],
    });
    // slots past the count are zeros
    expect(w.slice(9 + 2 * 8)).toEqual(new Array(16).fill(0));
  });

  it.each([
    ["no.yaml", "NO", ["112", "110", "113"], "NOK", "eu"],
    ["gb.yaml", "GB", ["999", "112"], "GBP", "uk"],
  ])("compiles %s", (file, code, emergency, currency, region) => {
    const { fields } = country(ruleFile("countries", file));
    expect(fields).toMatchObject({
      code,
      emergencyNumbers: emergency,
      currency,
      dataRegion: region,
    });
  });

  it("encodes every allowed fallback action with its defaults", () => {
    const { fields, w } = country(
      kindSource("Country", {
        ...base,
        fallback: [
          { type: "play", prompt: { audio: "https://cdn.example/sorry.mp3" }, loop: 2 },
          { type: "connect", to: ["+46812345678"], callerId: "+46800000000" },
        ],
      }),
    );
    expect(w[2]).toBe(NONE); // no national prefix
    expect(fields.fallback).toEqual([
      { type: "play", prompt: { audio: "https://cdn.example/sorry.mp3" }, loop: 2 },
      {
        type: "connect",
        to: ["+46812345678"],
        strategy: "simultaneous",
        timeoutSec: 30,
        callerId: "+46800000000",
      },
    ]);
    const more = country(
      kindSource("Country", {
        ...base,
        fallback: [{ type: "voicemail", mailbox: "central", greeting: { tts: "Hej" } }],
      }),
    );
    expect(more.fields.fallback).toEqual([
      {
        type: "voicemail",
        mailbox: "central",
        greeting: { tts: "Hej", language: "sv-SE" },
        maxSec: 120,
      },
    ]);
    expect(
      country(kindSource("Country", { ...base, fallback: [{ type: "hangup" }] })).fields.fallback,
    ).toEqual([{ type: "hangup" }]);
  });

  it("refuses a fallback that leaves the call open, or a gather", () => {
    const open = compile(
      kindSource("Country", { ...base, fallback: [{ type: "play", prompt: { tts: "x" } }] }),
    );
    expect(open.diagnostics.map((d) => d.code)).toEqual(["SB3051"]);
    const gather = compile(kindSource("Country", { ...base, fallback: [{ type: "gather" }] }));
    expect(gather.diagnostics.map((d) => d.message)).toEqual([
      'spec.fallback[0].type: unknown action type "gather"',
    ]);
  });

  it("takes only the ISO code as metadata", () => {
    const result = compile(
      kindSource(
        "Country",
        { ...base, fallback: [{ type: "hangup" }] },
        { name: "SE", tenant: "t" },
      ),
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["SB2003"]);
  });
});
