// When two engines give the same answer. Floating point may differ in the last bit between
// V8's and AssemblyScript's sine and cosine, so two results whose scores tie (within the 10⁻⁶
// the answer carries) may come in either order, and a price may differ by one minor unit at
// an exact integer boundary; nothing else may differ.
export interface Comparable {
  opening: string;
  position?: number;
  sponsored?: boolean;
  score: number;
  cpcMinor?: number;
}

const TIE = 1.5e-6;

/** null when `a` and `b` agree, else what differs. */
export function disagreement(a: Comparable[], b: Comparable[]): string | null {
  if (a.length !== b.length) return `${a.length} results against ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as Comparable;
    const y = b[k] as Comparable;
    const at = `position ${k + 1}`;
    if (Math.abs(x.score - y.score) > TIE) return `${at}: score ${x.score} against ${y.score}`;
    if ((x.sponsored ?? false) !== (y.sponsored ?? false)) return `${at}: sponsored differs`;
    if (Math.abs((x.cpcMinor ?? 0) - (y.cpcMinor ?? 0)) > 1) {
      return `${at}: cpc ${x.cpcMinor} against ${y.cpcMinor}`;
    }
    const tied = (list: Comparable[]) =>
      list.some((o, j) => j !== k && Math.abs(o.score - x.score) <= TIE);
    if (x.opening !== y.opening && !tied(a) && !tied(b)) {
      return `${at}: ${x.opening} against ${y.opening}`;
    }
  }
  return null;
}

/**
 * null when the two sets are equal, else a sample of the difference. `excused` ids may be in
 * either (an opening a hair from the edge of the radius, where Earth radii differ).
 */
export function setDisagreement(
  a: Set<string>,
  b: Set<string>,
  excused: (id: string) => boolean = () => false,
): string | null {
  const onlyA = [...a].filter((x) => !b.has(x) && !excused(x));
  const onlyB = [...b].filter((x) => !a.has(x) && !excused(x));
  if (onlyA.length === 0 && onlyB.length === 0) return null;
  return `${onlyA.length} only in the first (${onlyA.slice(0, 3).join(", ")}), ${onlyB.length} only in the second (${onlyB.slice(0, 3).join(", ")})`;
}
