// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * A small bar chart drawn on the server as SVG: one bar per day, stacked by series, with
 * labelled axes and a legend, and the same numbers as a table for screen readers and anyone
 * who wants the figures.
 */

export interface Series {
  name: string;
  values: number[];
}

export interface ChartProps {
  id: string;
  title: string;
  /** ISO dates, one per bar */
  days: string[];
  series: Series[];
  /** what the y axis counts, e.g. "calls" */
  unit: string;
  /** formats a value for the axis, the table and the summary (default: integers) */
  format?: (value: number) => string;
  /** the smallest step between ticks (default 1, for counts) */
  leastStep?: number;
  /** what a day is (default: UTC days) */
  dayLabel?: string;
}

const width = 640;
const height = 260;
const margin = { top: 16, right: 16, bottom: 48, left: 56 };

/**
 * 1, 2 or 5 times a power of ten: the smallest such step that fits `max` in 4 ticks, and never
 * below `least` (1 for counts: no tick at half a call).
 */
export function niceStep(max: number, least = 1): number {
  if (max <= 0) return least;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Math.max(least, step);
}

export function BarChart(props: ChartProps) {
  const format = props.format ?? ((v: number) => String(Math.round(v)));
  const totals = props.days.map((_, i) =>
    props.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0),
  );
  const max = Math.max(0, ...totals);
  const step = niceStep(max, props.leastStep ?? 1);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const slot = plotW / Math.max(1, props.days.length);
  const barW = Math.max(2, slot * 0.64);
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  const labelEvery = Math.ceil(props.days.length / 10);
  const grand = totals.reduce((a, b) => a + b, 0);
  const busiest = totals.indexOf(max);
  const period = `${props.days[0]} to ${props.days.at(-1)}`;
  const summary =
    grand === 0
      ? `No ${props.unit} from ${period}.`
      : `${format(grand)} in total from ${period}; busiest day ${props.days[busiest]} (${format(max)}).`;

  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>
        <strong>{props.title}</strong>
        <span class="muted"> — {summary}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        class="chart-svg"
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{summary} The table below has every value.</desc>
        <g class="grid">
          {ticks.map((t) => (
            <line x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g class="axis y">
          {ticks.map((t) => (
            <text x={margin.left - 8} y={y(t) + 4} text-anchor="end">
              {format(t)}
            </text>
          ))}
          <text
            class="axis-label"
            transform={`translate(14 ${margin.top + plotH / 2}) rotate(-90)`}
            text-anchor="middle"
          >
            {props.unit}
          </text>
        </g>
        <g class="bars">
          {props.days.map((day, i) => {
            let base = 0;
            const x = margin.left + i * slot + (slot - barW) / 2;
            return (
              <g>
                {props.series.map((s, k) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = y(base);
                  base += v;
                  return (
                    <rect
                      class={`series-${k % 8}`}
                      x={x}
                      y={y(base)}
                      width={barW}
                      height={y0 - y(base)}
                    >
                      <title>{`${day} · ${s.name}: ${format(v)}`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
        </g>
        <g class="axis x">
          <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} />
          {props.days.map((day, i) =>
            i % labelEvery === 0 ? (
              <text x={margin.left + i * slot + slot / 2} y={y(0) + 16} text-anchor="middle">
                {day.slice(5)}
              </text>
            ) : null,
          )}
          <text class="axis-label" x={margin.left + plotW / 2} y={height - 8} text-anchor="middle">
            {props.dayLabel ?? "day (UTC, month-day)"}
          </text>
        </g>
      </svg>
      {props.series.length > 1 && (
        <ul class="legend" aria-hidden="true">
          {props.series.map((s, k) => (
            <li>
              <span class={`swatch series-${k % 8}`} />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <details class="chart-table">
        <summary>{props.title} as a table</summary>
        <table class="data compact numeric">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {props.series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
              {props.series.length > 1 && <th scope="col">Total</th>}
            </tr>
          </thead>
          <tbody>
            {props.days.map((day, i) => (
              <tr>
                <th scope="row">{day}</th>
                {props.series.map((s) => (
                  <td>{format(s.values[i] ?? 0)}</td>
                ))}
                {props.series.length > 1 && <td>{format(totals[i] ?? 0)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Every ISO date from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to) && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Rows of `{day, <key>, <value>}` as one series per key, zero on days without a row. */
export function seriesBy<R extends { day: string }>(
  rows: readonly R[],
  days: readonly string[],
  key: (row: R) => string,
  value: (row: R) => number,
): Series[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const k = key(row);
    const values = byKey.get(k) ?? days.map(() => 0);
    values[i] = (values[i] ?? 0) + value(row);
    byKey.set(k, values);
  }
  return [...byKey.entries()]
    .map(([name, values]) => ({ name, values }))
    .filter((series) => sum(series.values) > 0)
    .sort((a, b) => sum(b.values) - sum(a.values) || a.name.localeCompare(b.name));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
