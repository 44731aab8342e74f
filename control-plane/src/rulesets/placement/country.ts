import { and, asc, eq, ne } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { countries } from "../../db/schema.ts";
import { ApiError } from "../../error.ts";
import type { Placement } from "./index.ts";
import { readSpec } from "./spec.ts";

export const countryKey = (code: string) => `country/${code}`;
export const countryIndexKey = "country-index";

/**
 * A Country: `country/<CC>` = `{"bundle"}` and the `country-index` `{callingCode: CC}` the edge
 * uses to find a caller's country. One country per calling code, so the index is unambiguous.
 */
export const countryPlacement: Placement = async ({ tx, owner, next, previous }) => {
  const { name: code, spec } = readSpec(next.active.source);
  const callingCode = String(spec.callingCode);
  const [holder] = await tx
    .select({ code: countries.code })
    .from(countries)
    .where(and(eq(countries.callingCode, callingCode), ne(countries.code, code)));
  if (holder) {
    throw new ApiError(
      409,
      "calling_code_taken",
      `calling code +${callingCode} already belongs to ${holder.code}; the country index maps each code to one country`,
    );
  }
  const indexBefore = await countryIndex(tx);
  const row = {
    callingCode,
    rulesetId: owner.rulesetId,
    hash: next.active.hash,
    publishedAt: new Date(),
  };
  await tx
    .insert(countries)
    .values({ code, ...row })
    .onConflictDoUpdate({ target: countries.code, set: row });
  const index = await countryIndex(tx);
  const key = countryKey(code);
  return {
    puts: [
      [key, JSON.stringify({ bundle: next.active.hash })],
      [countryIndexKey, JSON.stringify(index)],
    ],
    deletes: [],
    undo: {
      puts: [
        ...(previous ? [[key, JSON.stringify({ bundle: previous.active.hash })] as const] : []),
        [countryIndexKey, JSON.stringify(indexBefore)],
      ],
      deletes: previous ? [] : [key],
    },
    details: { pointer: key, callingCode },
  };
};

/** `{"46": "SE", …}` in calling-code order, from the countries table. */
export async function countryIndex(db: Database): Promise<Record<string, string>> {
  const rows = await db
    .select({ code: countries.code, callingCode: countries.callingCode })
    .from(countries)
    .orderBy(asc(countries.callingCode));
  return Object.fromEntries(rows.map((r) => [r.callingCode, r.code]));
}
