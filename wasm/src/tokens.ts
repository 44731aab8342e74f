// The one tokenizer of the marketplace: the snapshot encoder (rules-compiler)
// indexes titles and descriptions with it and the edge splits `q` with it, so
// a word matches exactly when both sides make the same token of it.

/** Letters (with their combining marks) and digits; everything else separates words. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Most query tokens a search may have: more words narrow nothing a shopper needs. */
export const MAX_QUERY_TOKENS = 8;

/**
 * The tokens of `text`, in order, repeats kept: NFKC-normalised, lowercased words of
 * letters and digits. `"Röda ROSOR, 12 st."` → `["röda", "rosor", "12", "st"]`.
 */
export function tokenize(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}
