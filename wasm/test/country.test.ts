import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CountryField, ErrorCode, Section } from "../assembly/abi.ts";
import { BundleError, readCountry } from "../src/index.ts";
import { sectionOffset, withWord } from "./bundle-bytes.ts";
import { bundleOf, engineModule } from "./compiled.ts";

const sweden = bundleOf(
  readFileSync(new URL("../../rules/countries/se.yaml", import.meta.url), "utf8"),
);

describe("a Country bundle", () => {
  it("gives the emergency numbers and the fallback answer", () => {
    expect(readCountry(engineModule, sweden)).toEqual({
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
  });

  it("is refused when a fallback action is malformed", () => {
    const country = sectionOffset(sweden, Section.Country);
    const firstOpcode = country + CountryField.FirstFallback * 4;
    const refused = (bytes: Uint8Array) => {
      try {
        readCountry(engineModule, bytes);
      } catch (error) {
        if (error instanceof BundleError) return error.code;
      }
      return "read";
    };
    expect(refused(withWord(sweden, firstOpcode, 3))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(sweden, firstOpcode + 4, 99))).toBe(ErrorCode.BadReference);
    expect(refused(withWord(sweden, country + CountryField.FallbackCount * 4, 0))).toBe(
      ErrorCode.BadRecord,
    );
  });
});
