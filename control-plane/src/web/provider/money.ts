/**
 * Money on the pages is in major units ("49.50 SEK"); the API takes whole minor units (öre,
 * cents). Every currency a Country file names here has two decimals (SEK, NOK, GBP, EUR).
 */
export function formatMoney(minor: number, currency: string | null | undefined): string {
  const major = (minor / 100).toFixed(2);
  return currency ? `${major} ${currency}` : major;
}

/** "49.5", "49,50", "1 200" → minor units; undefined when it is not an amount. */
export function parseMoney(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const clean = text.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return undefined;
  return Math.round(Number(clean) * 100);
}

export function moneyInput(minor: number | undefined): string {
  return minor === undefined ? "" : (minor / 100).toFixed(2);
}
