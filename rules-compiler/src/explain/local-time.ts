/** A moment as a clock on the wall of a time zone reads it (what schedules compare against). */
export interface LocalTime {
  /** 0 = Monday */
  day: number;
  minuteOfDay: number;
  /** YYYY-MM-DD */
  date: string;
  /** "Wed 10:00" */
  label: string;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const day = WEEKDAYS.indexOf(parts.weekday ?? "");
  const clock = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  return {
    day,
    minuteOfDay: hour * 60 + minute,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    label: `${WEEKDAYS[day]} ${clock}`,
  };
}
