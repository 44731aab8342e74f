import type { SnapshotInput } from "@switchboard/rules-compiler";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { campaigns, openings, providers } from "../../db/schema.ts";
import type { CountrySettings } from "../country.ts";
import { quality, ratingPrior, responseRatePrior } from "../quality.ts";
import type { PacedCampaign } from "../spend.ts";
import { paceCampaigns } from "../spend.ts";
import type { Scope } from "./ranking.ts";

/** Campaigns that no longer take part at all leave the snapshot (the opening stays organic). */
const gone = new Set(["exhausted", "ended", "not_started"]);

/**
 * The searchable openings of a scope — published, of an enabled provider of that country —
 * with their ranking features and, per opening, the campaign it advertises with: the serving
 * campaign with the highest bid × pacing, else one that is only held back for now (paused,
 * outside its hours, ahead of pace, daily budget spent) with pacing 0.
 */
export async function snapshotInput(
  db: Database,
  scope: Scope,
  country: CountrySettings,
  now: Date,
): Promise<SnapshotInput> {
  const rows = await db
    .select({ opening: openings, rating: providers.rating, responseRate: providers.responseRate })
    .from(openings)
    .innerJoin(providers, eq(providers.id, openings.provider))
    .where(
      and(
        eq(providers.country, scope.country),
        eq(providers.enabled, true),
        eq(openings.category, scope.category),
        eq(openings.status, "published"),
      ),
    )
    .orderBy(asc(openings.id));
  const ids = rows.map((r) => r.opening.id);
  const list = ids.length
    ? await db
        .select()
        .from(campaigns)
        .where(and(inArray(campaigns.opening, ids), ne(campaigns.status, "exhausted")))
        .orderBy(asc(campaigns.id))
    : [];
  const paced = await paceCampaigns(db, list, now, country.timezone);
  const byOpening = new Map<string, PacedCampaign[]>();
  for (const p of paced)
    byOpening.set(p.campaign.opening, [...(byOpening.get(p.campaign.opening) ?? []), p]);

  return {
    country: scope.country,
    category: scope.category,
    currency: country.currency,
    createdAt: now.toISOString(),
    openings: rows.map(({ opening: o, rating, responseRate }) => {
      const q = quality({ rating, responseRate, mediaUrl: o.mediaUrl, description: o.description });
      const pick = advertised(byOpening.get(o.id) ?? []);
      return {
        id: o.id,
        providerId: o.provider,
        title: o.title,
        description: o.description,
        lat: o.lat,
        lon: o.lon,
        radiusKm: o.radiusKm,
        rating: rating ?? ratingPrior,
        responseRate: responseRate ?? responseRatePrior,
        publishedAt: (o.publishedAt ?? o.updatedAt).toISOString(),
        priceMinor: o.priceMinor,
        mediaUrl: o.mediaUrl,
        ad: pick && {
          campaignId: pick.campaign.id,
          bidMinor: pick.campaign.maxCpcMinor,
          quality: q,
          pacing: pick.pacing.factor,
        },
      };
    }),
  };
}

function advertised(list: readonly PacedCampaign[]): PacedCampaign | null {
  let best: PacedCampaign | null = null;
  const score = (p: PacedCampaign) => p.campaign.maxCpcMinor * p.pacing.factor;
  for (const p of list) {
    if (gone.has(p.pacing.delivery)) continue;
    if (!best || score(p) > score(best)) best = p;
  }
  return best;
}
