import { describe, expect, it } from "vitest";
import { isTimeZone, parseDate, parseDays, parseInterval, weekIntervals } from "./week.ts";

describe("week", () => {
  it("reads days and day ranges, wrapping past Sunday", () => {
    expect(parseDays("mon")).toEqual([0]);
    expect(parseDays("mon-fri")).toEqual([0, 1, 2, 3, 4]);
    expect(parseDays("sat-mon")).toEqual([5, 6, 0]);
    expect(parseDays("funday")).toBeNull();
    expect(parseDays("mon-tue-wed")).toBeNull();
  });

  it("reads intervals; 24:00 only ends one; equal ends are empty", () => {
    expect(parseInterval("09:00-18:00")).toEqual({ start: 540, end: 1080 });
    expect(parseInterval("00:00-24:00")).toEqual({ start: 0, end: 1440 });
    expect(parseInterval("22:00-02:00")).toEqual({ start: 1320, end: 120 });
    expect(parseInterval("09:00-25:00")).toBe("invalid");
    expect(parseInterval("24:00-24:00")).toBe("invalid");
    expect(parseInterval("09:60-10:00")).toBe("invalid");
    expect(parseInterval("10:00-10:00")).toBe("empty");
  });

  it("splits intervals across midnight and merges overlaps, sorted", () => {
    expect(weekIntervals({ "mon-fri": ["09:00-18:00"], sat: ["10:00-14:00"] })).toEqual([
      [540, 1080],
      [1980, 2520],
      [3420, 3960],
      [4860, 5400],
      [6300, 6840],
      [7800, 8040],
    ]);
    // Sunday night continues into Monday morning, the start of the week.
    expect(weekIntervals({ sun: ["22:00-02:00"] })).toEqual([
      [0, 120],
      [9960, 10080],
    ]);
    expect(weekIntervals({ mon: ["09:00-12:00", "11:00-13:00", "13:00-14:00"] })).toEqual([
      [540, 840],
    ]);
  });

  it("reads calendar dates and IANA zones only", () => {
    expect(parseDate("2026-12-25")).toBe(20261225);
    expect(parseDate("2028-02-29")).toBe(20280229);
    expect(parseDate("2026-02-29")).toBeNull();
    expect(parseDate("2026-13-01")).toBeNull();
    expect(isTimeZone("Europe/Stockholm")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Stokholm")).toBe(false);
    expect(isTimeZone("+01:00")).toBe(false);
  });
});
