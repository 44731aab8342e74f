import { eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { countries, publications, rulesetVersions } from "../db/schema.ts";
import { ApiError } from "../error.ts";
import { readSpec } from "../rulesets/placement/spec.ts";
import { activeVersionOfPublication } from "../rulesets/store.ts";

/** What the marketplace takes from a country's published Country rule file. */
export interface CountrySettings {
  code: string;
  currency: string;
  timezone: string;
}

/** The active Country file's currency and time zone; null when the country is not enabled. */
export async function countrySettings(db: Database, code: string): Promise<CountrySettings | null> {
  const [row] = await db
    .select({ source: rulesetVersions.source })
    .from(countries)
    .innerJoin(publications, eq(publications.rulesetId, countries.rulesetId))
    .innerJoin(rulesetVersions, activeVersionOfPublication)
    .where(eq(countries.code, code));
  if (!row) return null;
  const { spec } = readSpec(row.source);
  return { code, currency: String(spec.currency), timezone: String(spec.timezone) };
}

/** As countrySettings, or 422 naming `field` when the country is not enabled. */
export async function requireCountry(
  db: Database,
  code: string,
  field = "country",
): Promise<CountrySettings> {
  const settings = await countrySettings(db, code);
  if (settings) return settings;
  const message = `country ${code} is not enabled: an operator must publish its Country rule file first (PUT /v1/countries/${code}, then POST …/publish)`;
  throw new ApiError(422, "country_not_enabled", message, [{ path: field, message }]);
}

/** Settings per country code, read once per call site (events of one batch share them). */
export function countryCache(db: Database) {
  const cache = new Map<string, Promise<CountrySettings | null>>();
  return (code: string) => {
    let found = cache.get(code);
    if (!found) {
      found = countrySettings(db, code);
      cache.set(code, found);
    }
    return found;
  };
}
