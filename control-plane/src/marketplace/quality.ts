/**
 * An opening's quality, 0–1: what the auction multiplies a bid by (ad score = bid × quality ×
 * pacing) and what the Ranking's quality floor compares with. docs/marketplace.md, "Quality".
 *
 *   quality = 0.5 × rating / 5 + 0.3 × responseRate + 0.2 × listing
 *   listing = 0.5 × (has a picture) + 0.5 × min(1, description length / 80)
 *
 * A provider without reviews gets the neutral prior rating 3.5 and response rate 0.7, so a
 * newcomer is neither buried nor favoured; the same values feed the organic features.
 */
export const ratingPrior = 3.5;
export const responseRatePrior = 0.7;

export interface QualityInputs {
  rating: number | null;
  responseRate: number | null;
  mediaUrl: string | null;
  description: string;
}

export function quality(o: QualityInputs): number {
  const rating = (o.rating ?? ratingPrior) / 5;
  const response = o.responseRate ?? responseRatePrior;
  const listing = (o.mediaUrl ? 0.5 : 0) + 0.5 * Math.min(1, o.description.length / 80);
  return Math.round((0.5 * rating + 0.3 * response + 0.2 * listing) * 1000) / 1000;
}
