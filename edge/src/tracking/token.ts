/**
 * The tracking token of one search result (docs/marketplace.md, "Tracking"): what was shown,
 * where and at what price per click, signed with TRACKING_SECRET so a click or a request
 * posted back to `POST /v1/events` is one the edge really served. One-letter keys keep it short.
 */
import { z } from "zod";
import { openToken, signToken } from "../signed-token.ts";

/** A result may be clicked or requested for a day after the search that showed it. */
export const TRACKING_TTL_SEC = 86_400;

/** One result as shown: an impression, and what a click on it is worth. */
export interface Shown {
  opening: string;
  provider: string;
  /** The campaign of a sponsored result, else null. */
  campaign: string | null;
  position: number;
  sponsored: boolean;
  /** What a click costs the campaign, minor units; 0 when organic. */
  cpcMinor: number;
}

export function shownOf(r: Shown): Shown {
  return {
    opening: r.opening,
    provider: r.provider,
    campaign: r.campaign,
    position: r.position,
    sponsored: r.sponsored,
    cpcMinor: r.cpcMinor,
  };
}

export interface Tracking extends Shown {
  queryId: string;
  country: string;
  category: string;
  /** When the search was answered, unix seconds. */
  issuedAt: number;
}

const payload = z.object({
  v: z.literal(1),
  q: z.string(),
  o: z.string(),
  pr: z.string(),
  c: z.string().nullable(),
  p: z.number().int().positive(),
  s: z.boolean(),
  cpc: z.number().int().nonnegative(),
  cc: z.string(),
  cat: z.string(),
  t: z.number().int(),
});

export function signTracking(secret: string, t: Tracking): string {
  return signToken(secret, {
    v: 1,
    q: t.queryId,
    o: t.opening,
    pr: t.provider,
    c: t.campaign,
    p: t.position,
    s: t.sponsored,
    cpc: t.cpcMinor,
    cc: t.country,
    cat: t.category,
    t: t.issuedAt,
  });
}

export type TrackingCheck =
  | { ok: true; tracking: Tracking }
  | { ok: false; code: "token_invalid" | "token_expired"; message: string };

/** Checks the signature and the age of a tracking token. */
export function readTracking(secret: string, token: string, now = Date.now()): TrackingCheck {
  const parsed = payload.safeParse(openToken(secret, token));
  if (!parsed.success) {
    return {
      ok: false,
      code: "token_invalid",
      message:
        "token is not a tracking token this edge issued; send the token of a search result unchanged.",
    };
  }
  const p = parsed.data;
  const expires = (p.t + TRACKING_TTL_SEC) * 1000;
  if (expires <= now) {
    return {
      ok: false,
      code: "token_expired",
      message: `token expired at ${new Date(expires).toISOString()}; a search result can be clicked or requested for ${TRACKING_TTL_SEC / 3600} hours.`,
    };
  }
  return {
    ok: true,
    tracking: {
      queryId: p.q,
      opening: p.o,
      provider: p.pr,
      campaign: p.c,
      position: p.p,
      sponsored: p.s,
      cpcMinor: p.cpc,
      country: p.cc,
      category: p.cat,
      issuedAt: p.t,
    },
  };
}
