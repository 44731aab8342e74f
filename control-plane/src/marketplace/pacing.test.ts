import { describe, expect, it } from "vitest";
import { localTime } from "./local-time.ts";
import { type CampaignPlan, pace } from "./pacing.ts";

const zone = "Europe/Stockholm";
// Wednesday 25 November 2026; Stockholm is UTC+1.
const at = (hhmm: string, day = "2026-11-25") => new Date(`${day}T${hhmm}:00+01:00`);

const plan = (over: Partial<CampaignPlan> = {}): CampaignPlan => ({
  status: "active",
  dailyBudgetMinor: 10_000,
  totalBudgetMinor: 1_000_000,
  spentMinor: 0,
  startsAt: new Date("2026-11-01T00:00:00Z"),
  endsAt: null,
  weekdays: ["mon", "tue", "wed", "thu", "fri"],
  dayFromMin: 8 * 60,
  dayToMin: 18 * 60,
  ...over,
});

describe("local time", () => {
  it("gives the day, minute and weekday in the country's zone, across DST", () => {
    expect(localTime(new Date("2026-11-25T23:30:00Z"), zone)).toEqual({
      day: "2026-11-26",
      minute: 30,
      weekday: "thu",
    });
    expect(localTime(new Date("2026-07-01T22:15:00Z"), zone)).toMatchObject({
      day: "2026-07-02",
      minute: 15,
    });
  });
});

describe("pacing", () => {
  it("is 0 outside the scheduled hours and days, 1 at the start of the day", () => {
    expect(pace(plan(), at("07:59"), zone, 0)).toMatchObject({
      factor: 0,
      delivery: "outside_schedule",
    });
    expect(pace(plan(), at("08:00"), zone, 0)).toMatchObject({ factor: 1, delivery: "serving" });
    expect(pace(plan(), at("18:00"), zone, 0).factor).toBe(0);
    expect(pace(plan(), at("12:00", "2026-11-28"), zone, 0)).toMatchObject({
      factor: 0,
      delivery: "outside_schedule",
      day: "2026-11-28",
    });
  });

  it("holds an ad back in proportion to how far its spend runs ahead of the day's line", () => {
    // 10 scheduled hours: by 09:00 the line is at 1 000, an hour later at 2 000.
    expect(pace(plan(), at("09:00"), zone, 1_000).factor).toBe(1);
    expect(pace(plan(), at("09:00"), zone, 1_500).factor).toBe(0.5);
    expect(pace(plan(), at("09:00"), zone, 2_000)).toMatchObject({
      factor: 0,
      delivery: "ahead_of_pace",
    });
    expect(pace(plan(), at("17:30"), zone, 9_900).factor).toBeGreaterThan(0);
  });

  it("is 0 once the day's or the total budget is spent, paused or out of its dates", () => {
    expect(pace(plan(), at("17:59"), zone, 10_000).delivery).toBe("daily_budget_spent");
    // 4 300 spent before today of a 5 000 total: today's budget is 700, not 10 000, so its
    // line stands at 350 by 13:00 (half of the scheduled day).
    const today = (spent: number) => plan({ totalBudgetMinor: 5_000, spentMinor: 4_300 + spent });
    expect(pace(today(200), at("12:00"), zone, 200).factor).toBe(1);
    expect(pace(today(315), at("12:00"), zone, 315).factor).toBe(0.5);
    expect(pace(today(700), at("12:00"), zone, 700).delivery).toBe("exhausted");
    expect(pace(plan(), at("12:00"), zone, 10_000).delivery).toBe("daily_budget_spent");
    expect(pace(plan({ spentMinor: 1_000_000 }), at("12:00"), zone, 0).delivery).toBe("exhausted");
    expect(pace(plan({ status: "paused" }), at("12:00"), zone, 0).delivery).toBe("paused");
    expect(pace(plan({ startsAt: at("13:00") }), at("12:00"), zone, 0).delivery).toBe(
      "not_started",
    );
    expect(pace(plan({ endsAt: at("11:00") }), at("12:00"), zone, 0).delivery).toBe("ended");
  });

  it("spreads a starting day's budget over the hours left after the start", () => {
    // Starts at 13:00: 5 scheduled hours that day, so by 14:00 the line is at 2 000.
    const late = plan({ startsAt: at("13:00") });
    expect(pace(late, at("14:00"), zone, 2_000).factor).toBe(1);
    expect(pace(late, at("14:00"), zone, 4_000).factor).toBe(0);
  });

  it("keeps steady heavy traffic to the line: never a whole day's budget in the first hour", () => {
    // Traffic that could spend the budget 20× over; recomputed every minute.
    const perMinute = (10_000 * 20) / 600;
    let spent = 0;
    const byHour: number[] = [];
    for (let minute = 0; minute < 600; minute++) {
      const now = new Date(at("08:00").getTime() + minute * 60_000);
      const { factor } = pace(plan(), now, zone, spent);
      if (factor > 0) spent = Math.min(10_000, spent + perMinute);
      if (minute % 60 === 59) byHour.push(spent);
    }
    expect(byHour[0]).toBeLessThanOrEqual(2_000 + perMinute);
    for (const [hour, total] of byHour.entries()) {
      expect(total).toBeLessThanOrEqual(((hour + 2) / 10) * 10_000 + perMinute);
    }
    expect(spent).toBeGreaterThan(9_000);
  });
});
