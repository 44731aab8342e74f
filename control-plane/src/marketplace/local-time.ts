/**
 * Wall-clock time in a country's time zone: budgets, schedules and report days are the
 * provider's days, not UTC's. `Intl` knows the IANA zones in Node and in Workers alike.
 */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

export interface LocalTime {
  /** `YYYY-MM-DD` */
  day: string;
  /** Minutes since local midnight, 0–1439. */
  minute: number;
  weekday: Weekday;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  return f;
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of format(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: (parts.weekday ?? "").toLowerCase().slice(0, 3) as Weekday,
  };
}
