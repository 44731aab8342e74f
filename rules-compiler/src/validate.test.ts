import { describe, expect, it } from "vitest";
import { pbxSource } from "../test/pbx-source.ts";
import { compile } from "./index.ts";

describe("schema validation", () => {
  it("points an unknown field at its key, with the closest field as hint", () => {
    const source = pbxSource({ nodes: { bye: { type: "hangup" } }, timezon: "Europe/Stockholm" });
    const [d] = compile(source).diagnostics;
    expect(d).toMatchObject({
      code: "SB2003",
      message: 'spec: unknown field "timezon"',
      hint: 'did you mean "timezone"?',
    });
    expect(source.split("\n")[(d?.line ?? 0) - 1]?.slice((d?.column ?? 0) - 1)).toMatch(
      /^timezon:/,
    );
  });

  it("names the kinds, and the closest one, when given an unknown kind", () => {
    const result = compile(
      "apiVersion: switchboard/v1\nkind: Rankng\nmetadata: {name: r, tenant: t}\n",
    );
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "SB2001",
        line: 2,
        column: 7,
        hint: 'did you mean "Ranking"? kinds are Pbx, MobilePlan, Country, Ranking',
      }),
    ]);
  });

  it("asks for the kind before anything else", () => {
    const result = compile("apiVersion: switchboard/v1\nmetadata: {name: r}\nspec: {}\n");
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: "SB2004", message: 'file: missing required field "kind"' }),
    ]);
  });

  it("reports a missing field at the map that lacks it", () => {
    const result = compile(pbxSource({ nodes: { bye: { type: "voicemail" } } }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "SB2004",
        message: 'spec.nodes.bye: missing required field "mailbox"',
      }),
    ]);
  });

  it("reports a YAML syntax error with its line and column", () => {
    const result = compile("apiVersion: switchboard/v1\nkind: [Pbx\n", { file: "x.yaml" });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: "SB1001",
      file: "x.yaml",
      severity: "error",
    });
    expect(result.diagnostics[0]?.line).toBeGreaterThan(1);
  });

  it("says a prompt needs exactly one of audio or tts", () => {
    const result = compile(
      pbxSource({ prompts: { p: { audio: "https://x.example/a.mp3", tts: "both" } } }),
    );
    expect(result.diagnostics.map((d) => d.message)).toContain(
      "spec.prompts.p: a prompt has exactly one of `audio` (a URL) or `tts` (text to speak)",
    );
  });
});
