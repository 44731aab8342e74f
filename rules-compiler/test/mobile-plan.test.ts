import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";
import { NONE, readBundle } from "./bundle-reader.ts";
import { kindSource, ruleFile } from "./rule-source.ts";

const plan = (spec: Record<string, unknown>) =>
  kindSource("MobilePlan", {
    country: "SE",
    callingCode: "46",
    timezone: "Europe/Stockholm",
    ...spec,
  });

function mobile(source: string) {
  const result = compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const b = readBundle(result.bundle);
  const w = b.words(8);
  return {
    result,
    b,
    w,
    fields: {
      tenant: b.str(w[0] as number),
      name: b.str(w[1] as number),
      country: b.str(w[2] as number),
      callingCode: b.str(w[3] as number),
      timezones: b.strList(w[4] as number),
      international: w[5],
      premiumPrefixes: b.strList(w[6] as number),
      noAnswerTimeoutSec: w[7],
      voicemail: b.str(w[8] as number),
      busy: b.str(w[9] as number),
      noAnswer: b.str(w[10] as number),
      unreachable: b.str(w[11] as number),
    },
  };
}

describe("MobilePlan bundles", () => {
  it("lays out telco-se as the format doc says", () => {
    const { result, b, w, fields } = mobile(ruleFile("mobile", "telco-se.yaml"));
    expect(result).toMatchObject({
      kind: "MobilePlan",
      name: "telco-se",
      tenant: "nordtel",
      numbers: [],
    });
    expect(b.kind).toBe(2);
    expect(b.ids).toEqual([1, 2, 8]);
    expect(w).toHaveLength(12);
    expect(fields).toEqual({
      tenant: "nordtel",
      name: "telco-se",
      country: "SE",
      callingCode: "46",
      timezones: ["Europe/Stockholm"],
      international: 0,
      premiumPrefixes: ["+46900", "+46939", "+46944"],
      noAnswerTimeoutSec: 20,
      voicemail: "+46708000000",
      // `voicemail` in YAML is stored as the voicemail number itself
      busy: "+46708000000",
      noAnswer: "+46708000000",
      unreachable: "+46708000000",
    });
  });

  it("fills the documented defaults and writes NONE for what is absent", () => {
    const { w, fields } = mobile(plan({}));
    expect(fields).toMatchObject({ international: 0, premiumPrefixes: [], noAnswerTimeoutSec: 20 });
    expect(w.slice(8)).toEqual([NONE, NONE, NONE, NONE]);
    expect(mobile(plan({ barring: { international: true } })).fields.international).toBe(1);
  });

  it("refuses forwarding to a voicemail the plan does not have", () => {
    const result = compile(plan({ defaults: { forwarding: { noAnswer: "voicemail" } } }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["SB3050"]);
  });

  it("warns, but compiles, when a premium prefix is outside the country", () => {
    const result = compile(plan({ barring: { premiumPrefixes: ["+1900"] } }));
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: "SB3055", severity: "warning" }),
    ]);
  });

  it("compiles the same file to the same bytes", () => {
    const source = ruleFile("mobile", "telco-se.yaml");
    expect(mobile(source).result.hash).toBe(mobile(source).result.hash);
  });
});
