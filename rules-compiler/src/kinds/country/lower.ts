/**
 * Passes 4–5 for a `Country`: the checked file → the COUNTRY section (41 words, see
 * docs/bundle-format.md) over STRINGS, LISTS and PROMPTS → bundle bytes. Fallback actions are
 * written in the engine's output action encoding, so the host decodes them with the reader it
 * already has for `decide` output.
 */
import { BundleKind, encodeBundle, Section, tableSections, words } from "../../codegen.ts";
import { CONNECT_STRATEGY, REJECT_REASON } from "../../lower.ts";
import type { InlinePrompt } from "../../schema.ts";
import { NONE, Tables } from "../../tables.ts";
import type { CountryFile, FallbackAction } from "./schema.ts";

/** Output action opcodes (docs/bundle-format.md, "Output area"). */
export const ActionOpcode = { connect: 1, play: 2, voicemail: 5, reject: 6, hangup: 7 } as const;
export const ACTION_WORDS = 8;
export const FALLBACK_SLOTS = 4;

export function encodeCountry(file: CountryFile): Uint8Array {
  const { spec, metadata } = file;
  const t = new Tables();
  const language = spec.languages[0] ?? "";
  const prompt = (p: InlinePrompt) =>
    t.prompt(
      p.audio !== undefined
        ? { audio: p.audio }
        : { tts: p.tts ?? "", language: p.language ?? language },
    );
  const optPrompt = (p: InlinePrompt | undefined) => (p === undefined ? NONE : prompt(p));

  const fields = (a: FallbackAction): number[] => {
    switch (a.type) {
      case "connect":
        return [t.strList(a.to), CONNECT_STRATEGY[a.strategy], a.timeoutSec, t.optStr(a.callerId)];
      case "play":
        return [prompt(a.prompt), a.loop];
      case "voicemail":
        return [t.str(a.mailbox), optPrompt(a.greeting), a.maxSec];
      case "reject":
        return [REJECT_REASON[a.reason]];
      case "hangup":
        return [];
    }
  };

  const country = [
    t.str(metadata.name),
    t.str(spec.callingCode),
    t.optStr(spec.nationalPrefix),
    t.strList(spec.emergencyNumbers),
    t.str(spec.timezone),
    t.strList(spec.languages),
    t.str(spec.currency),
    t.str(spec.dataRegion),
    spec.fallback.length,
  ];
  for (let k = 0; k < FALLBACK_SLOTS; k++) {
    const action = spec.fallback[k];
    const record = action ? [ActionOpcode[action.type], ...fields(action)] : [];
    while (record.length < ACTION_WORDS) record.push(0);
    country.push(...record);
  }
  return encodeBundle(BundleKind.Country, [
    ...tableSections(t, { prompts: true }),
    [Section.country, words(country)],
  ]);
}
