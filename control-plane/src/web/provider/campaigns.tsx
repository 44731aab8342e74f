// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Campaigns: fund one for an opening (budgets, bid, schedule), change it, pause and resume it,
 * and watch what it brought per day.
 */
import type { Context } from "hono";
import { apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Badge, ErrorNotice, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { RangeForm, rangeOf } from "../stats/range.tsx";
import { MarketCharts } from "./charts.tsx";
import { Field, type FieldErrors, fieldErrors, Input } from "./form.tsx";
import { formatMoney, moneyInput, parseMoney } from "./money.ts";

const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const aliases = {
  dailyBudgetMinor: "daily",
  totalBudgetMinor: "total",
  maxCpcMinor: "bid",
  "schedule.hours": "hoursFrom",
  "schedule.weekdays": "weekdays",
  "schedule.end": "end",
};

type Draft = Record<string, string | string[]>;

const deliveryText: Record<string, string> = {
  serving: "Serving",
  ahead_of_pace: "Ahead of pace (held back to spread the budget)",
  paused: "Paused",
  exhausted: "Budget spent",
  daily_budget_spent: "Today's budget spent",
  not_started: "Not started yet",
  ended: "Ended",
  outside_schedule: "Outside its schedule",
  opening_not_searchable: "The opening is not in search",
};

function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** The form as the API's body; field problems the form itself can see. */
function bodyOf(draft: Draft) {
  const errors: FieldErrors = {};
  const money = (name: string) => {
    const minor = parseMoney(one(draft[name]));
    if (minor === undefined || minor < 1) errors[name] = "enter an amount such as 50 or 49.50";
    return minor ?? 0;
  };
  const days = ([] as string[]).concat(draft.weekdays ?? []);
  const from = one(draft.hoursFrom) || "00:00";
  const to = one(draft.hoursTo) || "24:00";
  const end = one(draft.end);
  const body = {
    name: one(draft.name).trim() || null,
    dailyBudgetMinor: money("daily"),
    totalBudgetMinor: money("total"),
    maxCpcMinor: money("bid"),
    schedule: {
      weekdays: (days.length ? days : [...weekdays]) as (typeof weekdays)[number][],
      hours: `${from}-${to}`,
      end: end ? new Date(`${end}T23:59:59Z`).toISOString() : null,
    },
  };
  return Object.keys(errors).length ? { body: undefined, errors } : { body, errors };
}

function CampaignFields(props: { draft: Draft; errors: FieldErrors; currency: string | null }) {
  const { draft, errors } = props;
  const unit = props.currency ? ` (${props.currency})` : "";
  const chosen = ([] as string[]).concat(draft.weekdays ?? weekdays);
  return (
    <>
      <Input name="name" label="Name (optional)" value={one(draft.name)} errors={errors} />
      <div class="grid three">
        <Input
          name="daily"
          label={`Daily budget${unit}`}
          value={one(draft.daily)}
          errors={errors}
          required
          inputmode="decimal"
          help="The most it spends in one day."
        />
        <Input
          name="total"
          label={`Total budget${unit}`}
          value={one(draft.total)}
          errors={errors}
          required
          inputmode="decimal"
          help="The most it spends in all."
        />
        <Input
          name="bid"
          label={`Bid per click${unit}`}
          value={one(draft.bid)}
          errors={errors}
          required
          inputmode="decimal"
          help="The most one click costs; at most the daily budget."
        />
      </div>
      <fieldset
        class={errors.weekdays ? "weekdays invalid" : "weekdays"}
        aria-describedby={errors.weekdays ? "weekdays-error" : undefined}
      >
        <legend>Days it runs</legend>
        {weekdays.map((day) => (
          <label class="check">
            <input type="checkbox" name="weekdays" value={day} checked={chosen.includes(day)} />{" "}
            {day}
          </label>
        ))}
        {errors.weekdays && (
          <p class="field-error" id="weekdays-error">
            {errors.weekdays}
          </p>
        )}
      </fieldset>
      <div class="grid three">
        <Input
          name="hoursFrom"
          label="From (local time)"
          help="HH:MM"
          value={one(draft.hoursFrom) || "00:00"}
          errors={errors}
        />
        <Input
          name="hoursTo"
          label="To (24:00 = midnight)"
          value={one(draft.hoursTo) || "24:00"}
          errors={errors}
          help="HH:MM"
        />
        <Input
          name="end"
          label="Last day (optional)"
          type="date"
          value={one(draft.end)}
          errors={errors}
        />
      </div>
    </>
  );
}

export async function newCampaignPage(
  c: Context<WebEnv>,
  provider: string,
  draft: Draft = {},
  errors: FieldErrors = {},
  error?: string,
) {
  const api = apiClient(c).v1.providers[":provider"];
  const [profile, openings] = await Promise.all([
    ok(api.$get({ param: { provider } })),
    ok(api.openings.$get({ param: { provider }, query: {} })),
  ]);
  const base = `/app/providers/${provider}`;
  const chosen = one(draft.opening) || c.req.query("opening") || "";
  return renderPage(
    c,
    {
      title: "Fund a campaign",
      nav: base,
      status: error || Object.keys(errors).length ? 422 : 200,
    },
    <>
      <PageHeader
        title="Fund a campaign"
        crumbs={[{ href: base, label: profile.name }]}
        lead="A campaign bids for sponsored places in search for one opening; you pay per click, never more than its budgets."
      />
      <form method="post" action={`${base}/campaigns`} class="card stack narrow-wide">
        <ErrorNotice message={error} />
        <Field name="opening" label="Opening" errors={errors}>
          {(describedBy) => (
            <select id="opening" name="opening" required aria-describedby={describedBy}>
              {openings.openings.map((o) => (
                <option value={o.id} selected={o.id === chosen}>
                  {o.title} ({o.status})
                </option>
              ))}
            </select>
          )}
        </Field>
        <CampaignFields draft={draft} errors={errors} currency={profile.currency} />
        <button type="submit" class="button primary">
          Start campaign
        </button>
      </form>
    </>,
  );
}

export async function createCampaign(c: Context<WebEnv>, provider: string) {
  const draft = (await c.req.parseBody({ all: true })) as Draft;
  const { body, errors } = bodyOf(draft);
  if (!body) return newCampaignPage(c, provider, draft, errors);
  try {
    const campaign = await ok(
      apiClient(c).v1.providers[":provider"].campaigns.$post({
        param: { provider },
        json: { ...body, name: body.name ?? undefined, opening: one(draft.opening) },
      }),
    );
    return redirectWith(c, `/app/providers/${provider}/campaigns/${campaign.id}`, {
      kind: "success",
      text: `Campaign started: ${deliveryText[campaign.delivery] ?? campaign.delivery}.`,
    });
  } catch (error) {
    const failure = refused(error, 422);
    return newCampaignPage(
      c,
      provider,
      draft,
      fieldErrors(failure.issues, aliases),
      failure.message,
    );
  }
}

export async function campaignPage(
  c: Context<WebEnv>,
  provider: string,
  id: string,
  edit?: { draft: Draft; errors: FieldErrors; error?: string },
) {
  const api = apiClient(c).v1.providers[":provider"];
  const [profile, campaign] = await Promise.all([
    ok(api.$get({ param: { provider } })),
    ok(api.campaigns[":campaign"].$get({ param: { provider, campaign: id } })),
  ]);
  // The report counts the provider's local days: end on its today, not UTC's.
  const range = rangeOf(c.req.query(), campaign.today.day);
  const report = await ok(
    api.reports.campaigns.$get({ param: { provider }, query: { ...range, campaign: id } }),
  );
  const base = `/app/providers/${provider}`;
  const page = `${base}/campaigns/${id}`;
  const money = (minor: number) => formatMoney(minor, campaign.currency);
  const [hoursFrom, hoursTo] = campaign.schedule.hours.split("-");
  const draft: Draft = edit?.draft ?? {
    name: campaign.name ?? "",
    daily: moneyInput(campaign.dailyBudgetMinor),
    total: moneyInput(campaign.totalBudgetMinor),
    bid: moneyInput(campaign.maxCpcMinor),
    weekdays: campaign.schedule.weekdays,
    hoursFrom: hoursFrom ?? "00:00",
    hoursTo: hoursTo ?? "24:00",
    end: campaign.schedule.end?.slice(0, 10) ?? "",
  };
  return renderPage(
    c,
    { title: campaign.name ?? "Campaign", nav: base, status: edit ? 422 : 200 },
    <>
      <PageHeader
        title={campaign.name ?? `Campaign ${campaign.id}`}
        crumbs={[{ href: base, label: profile.name }]}
        lead={
          <>
            <Badge
              kind={
                campaign.status === "active"
                  ? "active"
                  : campaign.status === "paused"
                    ? "canary"
                    : "danger"
              }
            >
              {campaign.status}
            </Badge>{" "}
            {deliveryText[campaign.delivery] ?? campaign.delivery} · for{" "}
            <a href={`${base}/openings/${campaign.opening}`}>the opening</a>
          </>
        }
        actions={
          campaign.status !== "exhausted" && (
            <form
              method="post"
              action={`${page}/${campaign.status === "paused" ? "resume" : "pause"}`}
              class="inline"
            >
              <button type="submit" class="button secondary">
                {campaign.status === "paused" ? "Resume" : "Pause"}
              </button>
            </form>
          )
        }
      />
      <section class="card" aria-labelledby="budget-title">
        <h2 id="budget-title">Budget</h2>
        <dl class="stats four">
          <div>
            <dt>Spent</dt>
            <dd>{money(campaign.spentMinor)}</dd>
          </div>
          <div>
            <dt>Left of {money(campaign.totalBudgetMinor)}</dt>
            <dd>{money(campaign.remainingMinor)}</dd>
          </div>
          <div>
            <dt>Spent today ({campaign.today.day})</dt>
            <dd>{money(campaign.today.spentMinor)}</dd>
          </div>
          <div>
            <dt>Bid per click</dt>
            <dd>{money(campaign.maxCpcMinor)}</dd>
          </div>
        </dl>
        <p class="muted">
          Pacing now: {Math.round(campaign.pacing * 100)} % (how eagerly the ad is shown, to spread
          the day's budget).
        </p>
      </section>
      <section class="card" aria-labelledby="results-title">
        <div class="section-head">
          <h2 id="results-title">What it brought</h2>
          <RangeForm action={page} range={range} />
        </div>
        <MarketCharts rows={report.rows} range={report} currency={report.currency} />
      </section>
      <section aria-labelledby="change-title">
        <h2 id="change-title">Change the campaign</h2>
        <form method="post" action={page} class="card stack">
          <ErrorNotice message={edit?.error} />
          <CampaignFields draft={draft} errors={edit?.errors ?? {}} currency={campaign.currency} />
          <button type="submit" class="button primary">
            Save changes
          </button>
        </form>
      </section>
    </>,
  );
}

export async function saveCampaign(c: Context<WebEnv>, provider: string, id: string) {
  const draft = (await c.req.parseBody({ all: true })) as Draft;
  const { body, errors } = bodyOf(draft);
  if (!body) return campaignPage(c, provider, id, { draft, errors });
  try {
    await ok(
      apiClient(c).v1.providers[":provider"].campaigns[":campaign"].$patch({
        param: { provider, campaign: id },
        json: body,
      }),
    );
    return redirectWith(c, `/app/providers/${provider}/campaigns/${id}`, {
      kind: "success",
      text: "Campaign changed.",
    });
  } catch (error) {
    const failure = refused(error, 422);
    const edit = { draft, errors: fieldErrors(failure.issues, aliases), error: failure.message };
    return campaignPage(c, provider, id, edit);
  }
}

export async function pauseOrResume(
  c: Context<WebEnv>,
  provider: string,
  id: string,
  to: "pause" | "resume",
) {
  const campaign = apiClient(c).v1.providers[":provider"].campaigns[":campaign"];
  const param = { provider, campaign: id };
  const page = `/app/providers/${provider}/campaigns/${id}`;
  try {
    await ok(to === "pause" ? campaign.pause.$post({ param }) : campaign.resume.$post({ param }));
    const text =
      to === "pause" ? "Paused: the ad is not shown." : "Resumed: the ad competes again.";
    return redirectWith(c, page, { kind: "success", text });
  } catch (error) {
    const failure = refused(error, 409);
    return redirectWith(c, page, { kind: "error", text: failure.message });
  }
}
