/**
 * What `encodeSnapshot` takes: the searchable openings of one country and category, with their
 * ranking features and their live campaign's pacing (docs/marketplace.md, "Snapshot format").
 * The control plane may check openings with `SnapshotOpeningSchema` when a provider saves one,
 * so an opening it accepted never makes a snapshot fail later.
 */
import { z } from "zod";
import { CountrySchema, SlugSchema } from "../../schema.ts";

export interface SnapshotAd {
  campaignId: string;
  /** The most the campaign pays for a click, in minor units. */
  bidMinor: number;
  /** The ad's quality, 0..1, set by the control plane (1 when it knows nothing against it). */
  quality: number;
  /** Budget pacing, 0..1; 0 = do not show. */
  pacing: number;
}

export interface SnapshotOpening {
  id: string;
  providerId: string;
  title: string;
  description: string;
  lat: number;
  lon: number;
  /** The provider's service radius around (lat, lon). */
  radiusKm: number;
  /** Stars, 0..5. */
  rating: number;
  /** Share of requests the provider answered, 0..1. */
  responseRate: number;
  /** ISO 8601 with an offset or Z. */
  publishedAt: string;
  priceMinor: number;
  mediaUrl: string | null;
  /** A live campaign, or none. */
  ad: SnapshotAd | null;
}

export interface SnapshotInput {
  country: string;
  category: string;
  currency: string;
  /** ISO 8601 with an offset or Z. */
  createdAt: string;
  openings: SnapshotOpening[];
}

export const SNAPSHOT_LIMITS = {
  idChars: 128,
  titleChars: 200,
  descriptionChars: 10_000,
  urlChars: 2048,
  maxRadiusKm: 20_000,
  /** A u32 field: minor units up to 4 294 967 295. */
  maxMinor: 0xffffffff,
} as const;

const L = SNAPSHOT_LIMITS;
const id = (what: string) =>
  z.string().min(1, `${what} is empty`).max(L.idChars, `${what} is over ${L.idChars} characters`);
const fraction = (what: string) =>
  z
    .number(`${what} must be a number`)
    .min(0, `${what} must be from 0 to 1`)
    .max(1, `${what} must be from 0 to 1`);
const minor = (what: string) =>
  z
    .int(`${what} must be a whole number of minor units`)
    .min(0, `${what} must not be negative`)
    .max(L.maxMinor, `${what} is over ${L.maxMinor} minor units`);
/** An instant from 1970 on: the snapshot keeps minutes since the Unix epoch as u32. */
const instant = (what: string) =>
  z.iso
    .datetime({
      offset: true,
      abort: true,
      error: `${what} must be an ISO 8601 time like 2026-11-21T10:00:00Z`,
    })
    .refine((text) => Date.parse(text) >= 0, `${what} is before 1970`);

export const SnapshotAdSchema = z.strictObject({
  campaignId: id("campaignId"),
  bidMinor: minor("bidMinor"),
  quality: fraction("quality"),
  pacing: fraction("pacing"),
});

export const SnapshotOpeningSchema = z.strictObject({
  id: id("id"),
  providerId: id("providerId"),
  title: z
    .string()
    .min(1, "title is empty")
    .max(L.titleChars, `title is over ${L.titleChars} characters`),
  description: z
    .string()
    .max(L.descriptionChars, `description is over ${L.descriptionChars} characters`),
  lat: z
    .number("lat must be a number")
    .min(-90, "lat must be from -90 to 90")
    .max(90, "lat must be from -90 to 90"),
  lon: z
    .number("lon must be a number")
    .min(-180, "lon must be from -180 to 180")
    .max(180, "lon must be from -180 to 180"),
  radiusKm: z
    .number("radiusKm must be a number")
    .min(0.001, "radiusKm must be at least 0.001 (1 m)")
    .max(L.maxRadiusKm, `radiusKm must be at most ${L.maxRadiusKm}`),
  rating: z
    .number("rating must be a number")
    .min(0, "rating must be from 0 to 5")
    .max(5, "rating must be from 0 to 5"),
  responseRate: fraction("responseRate"),
  publishedAt: instant("publishedAt"),
  priceMinor: minor("priceMinor"),
  mediaUrl: z
    .url({ protocol: /^https?$/, error: "mediaUrl must be an http(s) URL or null" })
    .max(L.urlChars, `mediaUrl is over ${L.urlChars} characters`)
    .nullable(),
  ad: SnapshotAdSchema.nullable(),
});

export const SnapshotInputSchema = z.strictObject({
  country: CountrySchema,
  category: SlugSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code like SEK"),
  createdAt: instant("createdAt"),
  openings: z.array(z.unknown()),
});

// The interfaces above are the contract the control plane codes against; the schemas must
// accept exactly them.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const openingMatches: Same<z.output<typeof SnapshotOpeningSchema>, SnapshotOpening> = true;
const inputMatches: Same<
  Omit<z.output<typeof SnapshotInputSchema>, "openings">,
  Omit<SnapshotInput, "openings">
> = true;
void openingMatches;
void inputMatches;
