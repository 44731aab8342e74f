/**
 * Passes 4–5 for a `MobilePlan`: the checked file → the MOBILE section (12 words, see
 * docs/bundle-format.md) over shared STRINGS and LISTS → bundle bytes.
 */
import { BundleKind, encodeBundle, Section, tableSections, words } from "../../codegen.ts";
import { NONE, Tables } from "../../tables.ts";
import type { MobilePlanFile } from "./schema.ts";

export function encodeMobilePlan(file: MobilePlanFile): Uint8Array {
  const { spec, metadata } = file;
  const t = new Tables();
  const { voicemail, forwarding } = spec.defaults;
  const target = (to: string | undefined) =>
    to === undefined ? NONE : t.str(to === "voicemail" ? (voicemail ?? "") : to);
  const mobile = [
    t.str(metadata.tenant),
    t.str(metadata.name),
    t.str(spec.country),
    t.str(spec.callingCode),
    t.strList([spec.timezone]),
    spec.barring.international ? 1 : 0,
    t.strList(spec.barring.premiumPrefixes),
    spec.defaults.noAnswerTimeoutSec,
    t.optStr(voicemail),
    target(forwarding.busy),
    target(forwarding.noAnswer),
    target(forwarding.unreachable),
  ];
  return encodeBundle(BundleKind.MobilePlan, [
    ...tableSections(t),
    [Section.mobile, words(mobile)],
  ]);
}
