/**
 * What countries change on the call path: emergency numbers are connected
 * before any rule runs, and a country's configured fallback replaces the
 * generic refusal when no bundle could run.
 */
import { engineModule } from "@switchboard/wasm/worker";
import { Budget } from "../budget.ts";
import {
  type CallCountries,
  type CountryLookup,
  cachedCountry,
  countryFallback,
  type EmergencyMatch,
  emergencyActions,
} from "../country/index.ts";
import type { Decision } from "./decide.ts";
import type { CallRequest } from "./schema.ts";

/** A cold isolate waits at most this long for country data (then: standard emergency numbers). */
const COUNTRY_BUDGET_MS = 150;

export function countryLookup(
  kv: KVNamespace,
  background: (work: Promise<unknown>) => void,
): CountryLookup {
  return {
    kv,
    module: engineModule,
    budget: new Budget(COUNTRY_BUDGET_MS, COUNTRY_BUDGET_MS),
    background,
  };
}

/**
 * The answer to an emergency call. `fallback` is true when no country data was
 * at hand and the standard emergency numbers decided.
 */
export function emergencyDecision(call: CallRequest, match: EmergencyMatch): Decision {
  return {
    actions: emergencyActions(call.event, match.number),
    next: null,
    bundle: null,
    tenant: null,
    node: null,
    decisionUs: 0,
    fallback: match.country === null,
    reason: "emergency",
  };
}

/** The emergency answer when `to` is an emergency number of `code` (already in the isolate). */
export function emergencyIn(call: CallRequest, code: string): Decision | null {
  const country = cachedCountry(code);
  if (!country?.emergencyNumbers.includes(call.to)) return null;
  return emergencyDecision(call, { number: call.to, country: country.code });
}

/** A refusal because no bundle could run becomes the home country's configured fallback. */
export function withCountryFallback(
  decision: Decision,
  countries: CallCountries,
  event: CallRequest["event"],
): Decision {
  const ruleless = decision.fallback && decision.bundle === null && decision.reason !== "emergency";
  if (!ruleless) return decision;
  const actions = countryFallback(countries, event);
  return actions ? { ...decision, actions } : decision;
}
