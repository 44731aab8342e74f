// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * A provider's openings: create (a draft), edit, publish into search, disable; and a preview of
 * where an opening ranks for a search, worked out by the control plane (no impression counted).
 */
import type { Context } from "hono";
import { apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Badge, Empty, ErrorNotice, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { Field, type FieldErrors, fieldErrors, Input } from "./form.tsx";
import { formatMoney, moneyInput, parseMoney } from "./money.ts";

export interface OpeningView {
  id: string;
  category: string;
  title: string;
  description: string;
  lat: number;
  lon: number;
  radiusKm: number;
  priceMinor: number;
  mediaUrl: string | null;
  status: "draft" | "published" | "disabled";
  search: { searchable: boolean; reason?: string };
}

type Draft = Record<string, string>;

export function SearchBadge({ search }: { search: OpeningView["search"] }) {
  return search.searchable ? (
    <Badge kind="active">in search</Badge>
  ) : (
    <Badge kind="draft">not in search</Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const kind = { published: "active", draft: "draft", disabled: "danger" }[status] ?? "draft";
  return <Badge kind={kind}>{status}</Badge>;
}

function draftOf(o: OpeningView): Draft {
  return {
    category: o.category,
    title: o.title,
    description: o.description,
    lat: String(o.lat),
    lon: String(o.lon),
    radiusKm: String(o.radiusKm),
    price: moneyInput(o.priceMinor),
    mediaUrl: o.mediaUrl ?? "",
  };
}

/** The form's fields as the API's body; problems the API would not word for this form. */
function bodyOf(draft: Draft) {
  const errors: FieldErrors = {};
  const number = (name: string) => {
    const value = Number(draft[name]);
    if (draft[name]?.trim() === "" || !Number.isFinite(value)) errors[name] = "enter a number";
    return value;
  };
  const priceMinor = parseMoney(draft.price);
  if (priceMinor === undefined) errors.price = "enter an amount such as 450 or 449.50";
  const body = {
    category: draft.category ?? "",
    title: draft.title ?? "",
    description: draft.description ?? "",
    lat: number("lat"),
    lon: number("lon"),
    radiusKm: number("radiusKm"),
    priceMinor: priceMinor ?? 0,
    mediaUrl: draft.mediaUrl?.trim() ? draft.mediaUrl.trim() : null,
  };
  return Object.keys(errors).length ? { body: undefined, errors } : { body, errors };
}

function OpeningForm(props: {
  action: string;
  draft: Draft;
  categories: { id: string; name: string }[];
  currency: string | null;
  errors: FieldErrors;
  error?: string;
  submit: string;
}) {
  const { draft, errors } = props;
  return (
    <form method="post" action={props.action} class="card stack">
      <ErrorNotice message={props.error} />
      <Field name="category" label="Category" errors={errors}>
        {(describedBy) => (
          <select id="category" name="category" required aria-describedby={describedBy}>
            {props.categories.map((c) => (
              <option value={c.id} selected={draft.category === c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Input
        name="title"
        label="Title"
        value={draft.title}
        errors={errors}
        required
        help="3–120 characters; searched word by word."
      />
      <Field
        name="description"
        label="Description"
        errors={errors}
        help="Searched like the title; 80 characters or more count fully for ad quality."
      >
        {(describedBy) => (
          <textarea id="description" name="description" rows={4} aria-describedby={describedBy}>
            {`\n${draft.description ?? ""}`}
          </textarea>
        )}
      </Field>
      <div class="grid three">
        <Input
          name="lat"
          label="Latitude"
          value={draft.lat}
          errors={errors}
          required
          inputmode="decimal"
        />
        <Input
          name="lon"
          label="Longitude"
          value={draft.lon}
          errors={errors}
          required
          inputmode="decimal"
        />
        <Input
          name="radiusKm"
          label="Service radius (km)"
          value={draft.radiusKm}
          errors={errors}
          required
          inputmode="decimal"
        />
      </div>
      <div class="grid two">
        <Input
          name="price"
          label={`Price from${props.currency ? ` (${props.currency})` : ""}`}
          value={draft.price}
          errors={errors}
          required
          inputmode="decimal"
        />
        <Input
          name="mediaUrl"
          label="Picture (https URL, optional)"
          value={draft.mediaUrl}
          errors={errors}
          type="url"
        />
      </div>
      <button type="submit" class="button primary">
        {props.submit}
      </button>
    </form>
  );
}

const aliases = { priceMinor: "price" };

async function formContext(c: Context<WebEnv>, provider: string) {
  const api = apiClient(c).v1;
  const [profile, categories] = await Promise.all([
    ok(api.providers[":provider"].$get({ param: { provider } })),
    ok(api.categories.$get()),
  ]);
  return { profile, categories: categories.categories };
}

export async function newOpeningPage(
  c: Context<WebEnv>,
  provider: string,
  draft: Draft = { radiusKm: "10" },
  errors: FieldErrors = {},
  error?: string,
) {
  const { profile, categories } = await formContext(c, provider);
  const base = `/app/providers/${provider}`;
  return renderPage(
    c,
    { title: "New opening", nav: base, status: error || Object.keys(errors).length ? 422 : 200 },
    <>
      <PageHeader
        title="New opening"
        crumbs={[{ href: base, label: profile.name }]}
        lead="An opening starts as a draft; publish it to appear in search."
      />
      <div class="narrow-wide">
        <OpeningForm
          action={`${base}/openings`}
          draft={draft}
          categories={categories}
          currency={profile.currency}
          errors={errors}
          error={error}
          submit="Save draft"
        />
      </div>
    </>,
  );
}

export async function createOpening(c: Context<WebEnv>, provider: string) {
  const draft = (await c.req.parseBody()) as Draft;
  const { body, errors } = bodyOf(draft);
  if (!body) return newOpeningPage(c, provider, draft, errors);
  try {
    const opening = await ok(
      apiClient(c).v1.providers[":provider"].openings.$post({
        param: { provider },
        json: body,
      }),
    );
    return redirectWith(c, `/app/providers/${provider}/openings/${opening.id}`, {
      kind: "success",
      text: "Draft saved. Publish it to appear in search.",
    });
  } catch (error) {
    const failure = refused(error, 422);
    return newOpeningPage(
      c,
      provider,
      draft,
      fieldErrors(failure.issues, aliases),
      failure.message,
    );
  }
}

export async function openingPage(
  c: Context<WebEnv>,
  provider: string,
  id: string,
  edit?: { draft: Draft; errors: FieldErrors; error?: string },
) {
  const api = apiClient(c).v1.providers[":provider"];
  const param = { provider, opening: id };
  const [{ profile, categories }, opening, campaigns] = await Promise.all([
    formContext(c, provider),
    ok(api.openings[":opening"].$get({ param })),
    ok(api.campaigns.$get({ param: { provider } })),
  ]);
  const base = `/app/providers/${provider}`;
  const own = campaigns.campaigns.filter((k) => k.opening === id);
  const query = c.req.query();
  const preview =
    query.preview === undefined ? undefined : await rankPreview(c, provider, id, query);
  const page = `${base}/openings/${id}`;
  return renderPage(
    c,
    { title: opening.title, nav: base, status: edit ? 422 : 200 },
    <>
      <PageHeader
        title={opening.title}
        crumbs={[{ href: base, label: profile.name }]}
        lead={
          <>
            <StatusBadge status={opening.status} /> <SearchBadge search={opening.search} />{" "}
            {opening.search.reason && <span class="muted">{opening.search.reason}</span>}
          </>
        }
        actions={
          <>
            {opening.status !== "published" && (
              <form method="post" action={`${page}/publish`} class="inline">
                <button type="submit" class="button primary">
                  Publish
                </button>
              </form>
            )}
            {opening.status === "published" && (
              <form method="post" action={`${page}/disable`} class="inline">
                <button type="submit" class="button secondary">
                  Take out of search
                </button>
              </form>
            )}
            <a class="button secondary" href={`${base}/campaigns/new?opening=${id}`}>
              Fund a campaign
            </a>
          </>
        }
      />
      <div class="grid wide-narrow">
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">Details</h2>
          <OpeningForm
            action={page}
            draft={edit?.draft ?? draftOf(opening)}
            categories={categories}
            currency={profile.currency}
            errors={edit?.errors ?? {}}
            error={edit?.error}
            submit="Save changes"
          />
        </section>
        <div>
          <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Where it ranks</h2>
            <form method="get" action={page} class="stack">
              <input type="hidden" name="preview" value="1" />
              <Input
                name="q"
                label="Search words"
                value={query.q ?? ""}
                help="What a customer types, e.g. roses. Empty: every opening nearby."
              />
              <div class="grid two">
                <Input
                  name="lat"
                  label="Searcher's latitude"
                  value={query.lat ?? String(opening.lat)}
                  inputmode="decimal"
                />
                <Input
                  name="lon"
                  label="Searcher's longitude"
                  value={query.lon ?? String(opening.lon)}
                  inputmode="decimal"
                />
              </div>
              <button type="submit" class="button secondary">
                Preview ranking
              </button>
            </form>
            {preview && (
              <PreviewResult preview={preview} opening={id} currency={profile.currency} />
            )}
          </section>
          <section class="card" aria-labelledby="opening-campaigns-title">
            <h2 id="opening-campaigns-title">Campaigns</h2>
            {own.length === 0 ? (
              <Empty>No campaign promotes this opening.</Empty>
            ) : (
              <ul class="plain-list">
                {own.map((k) => (
                  <li>
                    <a href={`${base}/campaigns/${k.id}`}>{k.name ?? k.id}</a>{" "}
                    <Badge kind={k.status === "active" ? "active" : "draft"}>{k.status}</Badge>{" "}
                    <span class="muted">
                      {formatMoney(k.spentMinor, k.currency)} of{" "}
                      {formatMoney(k.totalBudgetMinor, k.currency)} spent
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>,
  );
}

export async function saveOpening(c: Context<WebEnv>, provider: string, id: string) {
  const draft = (await c.req.parseBody()) as Draft;
  const { body, errors } = bodyOf(draft);
  if (!body) return openingPage(c, provider, id, { draft, errors });
  try {
    await ok(
      apiClient(c).v1.providers[":provider"].openings[":opening"].$patch({
        param: { provider, opening: id },
        json: body,
      }),
    );
    return redirectWith(c, `/app/providers/${provider}/openings/${id}`, {
      kind: "success",
      text: "Changes saved.",
    });
  } catch (error) {
    const failure = refused(error, 422);
    const edit = { draft, errors: fieldErrors(failure.issues, aliases), error: failure.message };
    return openingPage(c, provider, id, edit);
  }
}

export async function moveOpening(
  c: Context<WebEnv>,
  provider: string,
  id: string,
  to: "publish" | "disable",
) {
  const opening = apiClient(c).v1.providers[":provider"].openings[":opening"];
  const param = { provider, opening: id };
  const page = `/app/providers/${provider}/openings/${id}`;
  try {
    const after = await ok(
      to === "publish" ? opening.publish.$post({ param }) : opening.disable.$post({ param }),
    );
    const text =
      to === "disable"
        ? "Taken out of search."
        : after.search.searchable
          ? "Published: the opening is in search."
          : `Published, but not in search yet: ${after.search.reason ?? "see below"}`;
    return redirectWith(c, page, {
      kind: after.search.searchable || to === "disable" ? "success" : "info",
      text,
    });
  } catch (error) {
    const failure = refused(error, 409, 422);
    return redirectWith(c, page, { kind: "error", text: failure.message });
  }
}

async function rankPreview(
  c: Context<WebEnv>,
  provider: string,
  opening: string,
  query: Record<string, string>,
) {
  const lat = Number(query.lat);
  const lon = Number(query.lon);
  return ok(
    apiClient(c).v1.providers[":provider"].openings[":opening"].rank.$get({
      param: { provider, opening },
      query: {
        ...(query.q ? { q: query.q } : {}),
        ...(Number.isFinite(lat) && query.lat ? { lat: String(lat) } : {}),
        ...(Number.isFinite(lon) && query.lon ? { lon: String(lon) } : {}),
        limit: "10",
      },
    }),
  );
}

type Preview = Awaited<ReturnType<typeof rankPreview>>;

function PreviewResult(props: { preview: Preview; opening: string; currency: string | null }) {
  const { preview, currency } = props;
  if (!preview.ranked) {
    return (
      <p class="notice info" role="status">
        Not searched: {preview.reason}
      </p>
    );
  }
  const results = preview.results ?? [];
  return (
    <div class="preview" role="status">
      <p class="preview-verdict">
        {preview.position
          ? `This opening ranks #${preview.position}${preview.sponsored ? " (sponsored)" : ""} of ${preview.matched} matching.`
          : `This opening is not among the first ${results.length} of ${preview.matched} matching.`}
      </p>
      {results.length > 0 && (
        <ol class="preview-results">
          {results.map((r) => (
            <li class={r.opening === props.opening ? "this" : r.own ? "own" : undefined}>
              <span class="pos">#{r.position}</span> {r.title}{" "}
              {r.sponsored && <Badge kind="canary">sponsored</Badge>}{" "}
              <span class="muted">
                {formatMoney(r.priceMinor, currency)} · {r.distanceKm.toFixed(1)} km
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
