/**
 * Hints for diagnostics that arrive without one, so every message printed says how to fix it.
 * A format error gets an example of the expected form (matched on the zod message, which names
 * the form); anything else points at the code's entry in the README.
 */
import type { Diagnostic } from "./diagnostic.ts";

const EXAMPLES: [pattern: RegExp, hint: string][] = [
  [/E\.164/, 'write the number with "+" and the country code, e.g. "+46812345678"'],
  [/country code like/, "use the two capital letters of ISO 3166-1, e.g. SE, NO or GB"],
  [/calling code/, 'write the digits only, e.g. "46"'],
  [/currency/, "use the three capital letters of ISO 4217, e.g. SEK, NOK or GBP"],
  [/BCP-47/, "write a language and a region, e.g. sv-SE or en-GB"],
  [/lowercase letters/, 'use lowercase letters, digits, "_" and "-", e.g. "my-shop"'],
  [/'\+' and digits/, "write '+' and digits only, e.g. +46900"],
  [/exactly one of `audio`/, "keep either `audio:` or `tts:`, not both"],
  [/URL/, "e.g. https://cdn.example/welcome.mp3"],
  [/HH:MM/, 'e.g. "09:00-17:00"'],
  [/ISO date|YYYY-MM-DD/, "e.g. 2026-12-25"],
  [/an id/, "e.g. main_menu"],
];

export function hintFor(d: Diagnostic): string {
  if (d.hint) return d.hint;
  for (const [pattern, hint] of EXAMPLES) if (pattern.test(d.message)) return hint;
  const bound = /must be (at least|at most) (\d+)( item\(s\)| character\(s\))?/.exec(d.message);
  if (bound) {
    const [, side, limit, unit = ""] = bound;
    return `use ${side === "at least" ? `${limit} or more` : `${limit} or fewer`}${unit.replace("(s)", "s")}`;
  }
  if (d.code === "SB1002") return "write this part in plain YAML; it may not be read as you meant";
  return `see ${d.code} under "Diagnostics" in rules-compiler/README.md`;
}
