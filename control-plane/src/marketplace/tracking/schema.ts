/**
 * Marketplace events as the edge sends them to the EVENTS queue (docs/marketplace.md,
 * "Events"): one `market.search` per search listing its results (each an impression), one
 * `market.click` / `market.request` per tracked action. Unknown extra fields are ignored.
 */
import { z } from "zod";

const id = z.string().min(1).max(200);
const money = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** One listed result: where an opening was shown, and for which campaign if sponsored. */
const Result = z.object({
  opening: id,
  provider: id,
  campaign: id.nullable(),
  position: z.number().int().min(1).max(1000),
  sponsored: z.boolean(),
  cpcMinor: money,
});

const Common = {
  id,
  ts: z.iso.datetime({ offset: true }),
  country: z.string().regex(/^[A-Z]{2}$/),
  category: z.string().min(1).max(64),
  queryId: id,
};

export const MarketEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("market.search"), ...Common, results: z.array(Result).max(1000) }),
  z.object({ type: z.literal("market.click"), ...Common, ...Result.shape }),
  z.object({ type: z.literal("market.request"), ...Common, ...Result.shape, valueMinor: money }),
]);

export type MarketEvent = z.output<typeof MarketEvent>;
export type SearchEvent = Extract<MarketEvent, { type: "market.search" }>;
export type ClickEvent = Extract<MarketEvent, { type: "market.click" }>;
export type RequestEvent = Extract<MarketEvent, { type: "market.request" }>;

export const isMarketEvent = (raw: unknown): boolean =>
  typeof raw === "object" &&
  raw !== null &&
  String((raw as { type?: unknown }).type).startsWith("market.");
