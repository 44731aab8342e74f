/**
 * Countries of a call: the caller's (the longest calling-code prefix of `from`)
 * and the number's whose rules apply (the DID or the subscriber). Their
 * emergency numbers are always connected; their configured fallback is the
 * safe answer when no bundle can run.
 */
import type { Action, CountryInfo } from "@switchboard/wasm";
import { type CountryLookup, countryOfNumber, knownCountryOf } from "./store.ts";

export { type EmergencyMatch, emergencyActions, emergencyNumber } from "./emergency.ts";
export { type CountryLookup, cachedCountry, INDEX_KEY } from "./store.ts";

export interface CallCountries {
  /** The caller's country, by `from`. */
  caller: CountryInfo | null;
  /** The country of the number whose rules apply (its fallback answers faults). */
  home: CountryInfo | null;
}

/**
 * The call's countries: at once from this isolate's copies (a warm isolate has them), else
 * read within the lookup's budget. Not async unless it must be: it runs before every decision.
 */
export function callCountries(
  lookup: CountryLookup,
  from: string,
  ruled: string,
): CallCountries | Promise<CallCountries> {
  const caller = knownCountryOf(lookup, from);
  const home = ruled === from ? null : knownCountryOf(lookup, ruled);
  if (caller !== undefined && home !== undefined) return { caller, home: home ?? caller };
  return readCallCountries(lookup, from, ruled);
}

async function readCallCountries(
  lookup: CountryLookup,
  from: string,
  ruled: string,
): Promise<CallCountries> {
  const [caller, home] = await Promise.all([
    countryOfNumber(lookup, from),
    ruled === from ? null : countryOfNumber(lookup, ruled),
  ]);
  return { caller, home: home ?? caller };
}

/** The country's configured answer when no bundle can run; null to keep the generic one. */
export function countryFallback(
  countries: CallCountries,
  event: { type: string },
): Action[] | null {
  if (event.type === "hangup") return null;
  return countries.home?.fallback ?? null;
}
