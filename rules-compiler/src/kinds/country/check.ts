/** Pass 3 for a `Country`: time zone, distinct numbers and languages, a fallback that ends. */
import { checkDistinct, checkTimezone } from "../../check.ts";
import { Code } from "../../diagnostic.ts";
import type { Path, SourceFile } from "../../parse.ts";
import type { CountryFile } from "./schema.ts";

/** Actions after which the edge has nothing more to say on the call. */
export const ENDING_ACTIONS: ReadonlySet<string> = new Set([
  "connect",
  "voicemail",
  "reject",
  "hangup",
]);

export function checkCountry(src: SourceFile, file: CountryFile): void {
  const { spec } = file;
  const s: Path = ["spec"];
  checkTimezone(src, spec.timezone, [...s, "timezone"]);
  checkDistinct(
    src,
    spec.emergencyNumbers,
    [...s, "emergencyNumbers"],
    Code.duplicateEntry,
    "emergency number",
  );
  checkDistinct(src, spec.languages, [...s, "languages"], Code.duplicateEntry, "language");

  const last = spec.fallback.length - 1;
  spec.fallback.forEach((action, i) => {
    const where = src.locate([...s, "fallback", i]).value;
    if (i < last && ENDING_ACTIONS.has(action.type)) {
      src.report(
        Code.fallbackMustEnd,
        "error",
        `fallback ${action.type} ends the call, so the actions after it never run`,
        where,
        { hint: "make it the last action, or remove the ones after it" },
      );
    } else if (i === last && !ENDING_ACTIONS.has(action.type)) {
      src.report(
        Code.fallbackMustEnd,
        "error",
        `the fallback ends with ${action.type}, which leaves the call open`,
        where,
        { hint: "end with reject, hangup, connect or voicemail, e.g. `{type: reject}`" },
      );
    }
  });
}
