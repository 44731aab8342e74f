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
  const money = props.currency ? `spend (${props.currency})` : "spend";
  const charts: { id: string; unit: string; value: (r: Row) => number; money?: boolean }[] = [
    { id: "impressions", unit: "impressions", value: (r) => r.impressions },
    { id: "clicks", unit: "clicks", value: (r) => r.clicks },
    { id: "requests", unit: "requests", value: (r) => r.requests },
    { id: "spend", unit: money, value: (r) => r.spendMinor, money: true },
  ];
  return (
    <div class="grid two charts">
      {charts.map((chart) => {
        const series = seriesBy(props.rows, days, () => chart.id, chart.value);
        return (
          <BarChart
            id={chart.id}
            title={`${chart.id[0]?.toUpperCase()}${chart.id.slice(1)} per day`}
            days={days}
            series={series.length ? series : [{ name: chart.id, values: days.map(() => 0) }]}
            unit={chart.unit}
            format={chart.money ? (minor) => formatMoney(minor, null) : undefined}
            // Marketplace days are the provider's country's local days (as its daily budgets).
            dayLabel="day (local, month-day)"
          />
        );
      })}
    </div>
  );
}
