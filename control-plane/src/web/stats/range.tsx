// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * The date range of a statistics page: from the query, else the 14 days up to `today` (UTC by
 * default; marketplace pages pass the provider's local day, as their reports count local days).
 */

export interface Range {
  from: string;
  to: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function rangeOf(
  query: { from?: string; to?: string },
  today = new Date().toISOString().slice(0, 10),
): Range {
  const to = query.to && isoDate.test(query.to) ? query.to : today;
  const fallback = new Date(Date.parse(to) - 13 * 86_400_000).toISOString().slice(0, 10);
  const from = query.from && isoDate.test(query.from) ? query.from : fallback;
  return { from, to };
}

export function RangeForm(props: { action: string; range: Range; children?: unknown }) {
  return (
    <form method="get" action={props.action} class="range-form">
      <div class="field inline-field">
        <label for="range-from">From</label>
        <input id="range-from" type="date" name="from" value={props.range.from} required />
      </div>
      <div class="field inline-field">
        <label for="range-to">to</label>
        <input id="range-to" type="date" name="to" value={props.range.to} required />
      </div>
      <button type="submit" class="button secondary small">
        Show
      </button>
    </form>
  );
}
