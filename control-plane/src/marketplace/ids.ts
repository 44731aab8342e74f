/** Ids of openings (`op_…`) and campaigns (`cmp_…`): 64 random bits, hex. */
export function newId(prefix: "op" | "cmp"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
