/**
 * Opening hours as minutes of the week (Monday 00:00 = 0, a week = 10080), the unit the engine
 * compares against the local time the host computes.
 */
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY = 1440;
export const WEEK = 7 * DAY;

/** "mon" → [0]; "mon-fri" → [0..4]; "sat-mon" wraps to [5, 6, 0]. Null when not a day key. */
export function parseDays(key: string): number[] | null {
  const [from, to, extra] = key.split("-");
  const a = DAYS.indexOf(from as (typeof DAYS)[number]);
  const b = to === undefined ? a : DAYS.indexOf(to as (typeof DAYS)[number]);
  if (a < 0 || b < 0 || extra !== undefined) return null;
  const days = [a];
  for (let d = a; d !== b; ) {
    d = (d + 1) % 7;
    days.push(d);
  }
  return days;
}

/** "HH:MM" → minute of the day; "24:00" only as an end. Null when not a time of day. */
export function parseClock(text: string, isEnd: boolean): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > DAY || (minutes === DAY && !isEnd)) return null;
  return minutes;
}

export type Interval = { start: number; end: number };

/** "09:00-18:00" → minutes; an end before the start runs past midnight. */
export function parseInterval(text: string): Interval | "invalid" | "empty" {
  const [a = "", b = ""] = text.split("-");
  const start = parseClock(a, false);
  const end = parseClock(b, true);
  if (start === null || end === null) return "invalid";
  return start === end ? "empty" : { start, end };
}

/**
 * A validated `weekly` map → sorted, non-overlapping [start, end) pairs of the week; an
 * interval across midnight is split (Sunday night continues on Monday morning).
 */
export function weekIntervals(weekly: Record<string, string[]>): [number, number][] {
  const raw: [number, number][] = [];
  for (const [key, texts] of Object.entries(weekly)) {
    for (const day of parseDays(key) ?? []) {
      for (const text of texts) {
        const iv = parseInterval(text);
        if (typeof iv === "string") continue;
        const base = day * DAY;
        if (iv.end > iv.start) raw.push([base + iv.start, base + iv.end]);
        else {
          raw.push([base + iv.start, base + DAY]);
          const next = ((day + 1) % 7) * DAY;
          if (iv.end > 0) raw.push([next, next + iv.end]);
        }
      }
    }
  }
  raw.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const iv of raw) {
    const last = merged.at(-1);
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/** "2026-12-25" → 20261225 when it is a real calendar date, else null. */
export function parseDate(text: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return y * 10000 + mo * 100 + d;
}

/** True for an IANA zone name `Intl` knows (not an offset like "+01:00"). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
