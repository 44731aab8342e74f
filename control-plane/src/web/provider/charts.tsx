// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Impressions, clicks, requests and spend per day, from the marketplace reports. */
import { BarChart, daysBetween, seriesBy } from "../stats/chart.tsx";
import { formatMoney } from "./money.ts";

interface Row {
  day: string;
  impressions: number;
  clicks: number;
  requests: number;
  spendMinor: number;
}

export function MarketCharts(props: {
  rows: readonly Row[];
  range: { from: string; to: string };
  currency: string | null;
}) {
  const days = daysBetween(props.range.from, props.range.to);
  const one = (name: string, value: (r: Row) => number) => {
    const series = seriesBy(props.rows, days, () => name, value);
    return series.length ? series : [{ name, values: days.map(() => 0) }];
  };
  const unit = props.currency ?? "";
  // Marketplace days are the provider's country's local days (as its daily budgets).
  const dayLabel = "day (local, month-day)";
  return (
    <div class="grid two charts">
      <BarChart
        id="impressions"
        title="Impressions per day"
        days={days}
        series={one("impressions", (r) => r.impressions)}
        unit="impressions"
        dayLabel={dayLabel}
      />
      <BarChart
        id="clicks"
        title="Clicks per day"
        days={days}
        series={one("clicks", (r) => r.clicks)}
        unit="clicks"
        dayLabel={dayLabel}
      />
      <BarChart
        id="requests"
        title="Requests per day"
        days={days}
        series={one("requests", (r) => r.requests)}
        unit="requests"
        dayLabel={dayLabel}
      />
      <BarChart
        id="spend"
        title="Spend per day"
        days={days}
        series={one("spend", (r) => r.spendMinor)}
        unit={`spend${unit ? ` (${unit})` : ""}`}
        format={(minor) => formatMoney(minor, null)}
        leastStep={1}
        dayLabel={dayLabel}
      />
    </div>
  );
}
