/**
 * Emergency calls (SPEC §4): the emergency numbers of the caller's country are
 * connected first, before and regardless of any tenant rule, barring, missing
 * bundle or fault.
 */
import type { Action, CountryInfo } from "@switchboard/wasm";

/**
 * The numbers every GSM handset treats as emergency numbers without a SIM
 * (3GPP TS 22.101 §10). Used only when no country of the call is known to this
 * isolate (a cold isolate with KV down, or no Country published), so a missing
 * configuration never refuses an emergency call.
 */
export const STANDARD_EMERGENCY_NUMBERS: readonly string[] = [
  "112",
  "911",
  "000",
  "08",
  "110",
  "118",
  "119",
  "999",
];

/** Emergency answers ring this long: the carrier retries or the caller hangs up. */
const EMERGENCY_TIMEOUT_SEC = 60;

export interface EmergencyMatch {
  number: string;
  /** The country whose configuration names the number; null for the standard list. */
  country: string | null;
}

/**
 * `to` when it is an emergency number of one of `countries`; when none of them
 * is known, when it is on the standard list.
 */
export function emergencyNumber(
  to: string,
  countries: readonly (CountryInfo | null)[],
): EmergencyMatch | null {
  const known = countries.filter((c): c is CountryInfo => c !== null);
  for (const country of known) {
    if (country.emergencyNumbers.includes(to)) return { number: to, country: country.code };
  }
  if (known.length === 0 && STANDARD_EMERGENCY_NUMBERS.includes(to)) {
    return { number: to, country: null };
  }
  return null;
}

/**
 * The answer to any event of an emergency call: connect it again (a busy or
 * failed dial never ends an emergency call from our side), except when it was
 * answered or has ended.
 */
export function emergencyActions(
  event: {
    type: string;
    status?: string;
  },
  number: string,
): Action[] {
  if (event.type === "hangup") return [];
  if (event.type === "dial_result" && event.status === "answered") return [];
  return [
    { type: "connect", to: [number], strategy: "simultaneous", timeoutSec: EMERGENCY_TIMEOUT_SEC },
  ];
}
