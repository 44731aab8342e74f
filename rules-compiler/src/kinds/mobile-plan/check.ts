/** Pass 3 for a `MobilePlan`: time zone, distinct prefixes, forwarding to a voicemail that exists. */
import { checkDistinct, checkTimezone } from "../../check.ts";
import { Code } from "../../diagnostic.ts";
import type { Path, SourceFile } from "../../parse.ts";
import type { MobilePlanFile } from "./schema.ts";

export function checkMobilePlan(src: SourceFile, file: MobilePlanFile): void {
  const { spec } = file;
  const s: Path = ["spec"];
  checkTimezone(src, spec.timezone, [...s, "timezone"]);

  const prefixes = spec.barring.premiumPrefixes;
  const at: Path = [...s, "barring", "premiumPrefixes"];
  checkDistinct(src, prefixes, at, Code.duplicateEntry, "premium prefix");
  const home = `+${spec.callingCode}`;
  prefixes.forEach((prefix, i) => {
    if (prefix.startsWith(home)) return;
    src.report(
      Code.foreignPrefix,
      "warning",
      `premium prefix ${prefix} is outside the country code ${home}`,
      src.locate([...at, i]).value,
      { hint: `premium-rate numbers are national: they start with ${home}` },
    );
  });

  const forwarding = spec.defaults.forwarding;
  if (spec.defaults.voicemail !== undefined) return;
  for (const condition of ["busy", "noAnswer", "unreachable"] as const) {
    if (forwarding[condition] !== "voicemail") continue;
    src.report(
      Code.voicemailNotSet,
      "error",
      `forwarding ${condition} goes to voicemail, but the plan has no voicemail number`,
      src.locate([...s, "defaults", "forwarding", condition]).value,
      { hint: "add `voicemail: +…` under `defaults:`, or forward to an E.164 number" },
    );
  }
}
