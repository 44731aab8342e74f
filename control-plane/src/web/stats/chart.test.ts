import { describe, expect, it } from "vitest";
import { textOf } from "../test-client.ts";
import { BarChart, daysBetween, niceStep, seriesBy } from "./chart.tsx";

describe("charts", () => {
  it("picks 1-2-5 steps, never below one for counts", () => {
    expect([0, 1, 3, 7, 40, 99, 1234].map((max) => niceStep(max))).toEqual([
      1, 1, 1, 2, 10, 50, 500,
    ]);
    expect(niceStep(1.2, 0.01)).toBe(0.5);
  });

  it("fills every day of the range, zero where there were no rows", () => {
    const days = daysBetween("2026-11-29", "2026-12-02");
    expect(days).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
    const rows = [
      { day: "2026-11-30", outcome: "gather", calls: 3 },
      { day: "2026-11-30", outcome: "reject", calls: 1 },
      { day: "2026-12-02", outcome: "gather", calls: 2 },
      { day: "2026-12-02", outcome: "hangup", calls: 0 },
    ];
    expect(
      seriesBy(
        rows,
        days,
        (r) => r.outcome,
        (r) => r.calls,
      ),
    ).toEqual([
      { name: "gather", values: [0, 3, 0, 2] },
      { name: "reject", values: [0, 1, 0, 0] },
    ]);
  });

  it("draws labelled axes, one stacked bar per day, and the same numbers as a table", async () => {
    const chart = BarChart({
      id: "t",
      title: "Calls per day",
      days: ["2026-11-30", "2026-12-01"],
      series: [
        { name: "gather", values: [3, 0] },
        { name: "reject", values: [1, 2] },
      ],
      unit: "calls",
    });
    const html = String(await chart);
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain(">calls</text>");
    expect(html).toContain("day (UTC, month-day)");
    expect(html).toContain(">11-30</text>");
    const text = textOf(html);
    expect(text).toContain("6 in total from 2026-11-30 to 2026-12-01; busiest day 2026-11-30 (4).");
    expect(text).toContain("2026-11-30 3 1 4");
    expect(text).toContain("2026-12-01 0 2 2");
  });
});
