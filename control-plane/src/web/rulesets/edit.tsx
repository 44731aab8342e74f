// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Editing a rule file: load a version (or a first draft), check it without storing (diagnostics
 * at their lines, the call flow, scenario results), save it as a new version. The form works
 * without JavaScript; with it, `POST …/check` re-checks while the admin types.
 */
import type { Context } from "hono";
import { ApiFailure, apiClient, ok, refused, yaml } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { ErrorNotice, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { checkDraft, type DraftCheck } from "./check.ts";
import { CheckPanel, CodeEditor, marksOf } from "./editor.tsx";
import type { TenantRuleset } from "./target.ts";
import { newRulesetSource } from "./template.ts";

interface Draft {
  source: string;
  scenarios: string;
  /** the version the draft started from; none for a new rule set */
  from?: number;
  newest?: number;
}

export async function editPage(
  c: Context<WebEnv>,
  target: TenantRuleset,
  tenant: string,
  name: string,
) {
  const versions = await target.versions().catch((error) => {
    if (error instanceof ApiFailure && error.status === 404) return [];
    throw error;
  });
  const newest = versions[0]?.version;
  const wanted = Number(c.req.query("from") ?? newest);
  const from = versions.some((v) => v.version === wanted) ? wanted : newest;
  const source =
    from === undefined ? newRulesetSource(tenant, name) : (await target.version(from)).source;
  const draft: Draft = { source, scenarios: "", from, newest };
  const check = await checkDraft(apiClient(c), { tenant, name }, source, "");
  return renderEditor(c, target, draft, check);
}

export async function editSubmit(
  c: Context<WebEnv>,
  target: TenantRuleset,
  tenant: string,
  name: string,
) {
  const form = await c.req.parseBody();
  const draft: Draft = {
    source: normalise(form.source),
    scenarios: normalise(form.scenarios),
    from: Number(form.from) || undefined,
    newest: Number(form.newest) || undefined,
  };
  const api = apiClient(c);
  if (form.intent !== "save") {
    return renderEditor(
      c,
      target,
      draft,
      await checkDraft(api, { tenant, name }, draft.source, draft.scenarios),
    );
  }
  try {
    const stored = await ok(
      api.v1.rulesets[":tenant"][":name"].$put({ param: { tenant, name } }, yaml(draft.source)),
    );
    const text =
      stored.version === draft.newest
        ? `Nothing changed: the file compiles to the bundle of v${stored.version}.`
        : `Stored as version ${stored.version}. It is not live until you publish it.`;
    return redirectWith(c, target.base, {
      kind: stored.version === draft.newest ? "info" : "success",
      text,
    });
  } catch (error) {
    const failure = refused(error, 409, 413, 422);
    const check = await checkDraft(api, { tenant, name }, draft.source, draft.scenarios);
    const status = failure.status as 409 | 413 | 422;
    return renderEditor(c, target, draft, check, failure.message, status);
  }
}

/** `POST …/check` for the editor's script: the check panel as HTML, and the marks per line. */
export async function checkJson(c: Context<WebEnv>, tenant: string, name: string) {
  const body = (await c.req.json().catch(() => ({}))) as { source?: unknown; scenarios?: unknown };
  const source = normalise(body.source);
  const scenarios = normalise(body.scenarios);
  const check = await checkDraft(apiClient(c), { tenant, name }, source, scenarios);
  const panel = <CheckPanel check={check} source={source} scenarios={scenarios} />;
  return c.json({
    ok: check.ok,
    html: (await panel).toString(),
    marks: {
      source: marksOf(check.diagnostics),
      scenarios: marksOf(check.scenarios?.diagnostics ?? []),
    },
  });
}

/** Browsers send CRLF from textareas; rule files keep LF. */
function normalise(value: unknown): string {
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n") : "";
}

function renderEditor(
  c: Context<WebEnv>,
  target: TenantRuleset,
  draft: Draft,
  check: DraftCheck,
  error?: string,
  status: 200 | 409 | 413 | 422 = 200,
) {
  const next = (draft.newest ?? 0) + 1;
  return renderPage(
    c,
    { title: `Edit ${target.title}`, status },
    <>
      <PageHeader
        title={`Edit ${target.title}`}
        crumbs={[...target.crumbs, { href: target.base, label: target.title }]}
        lead={
          draft.from === undefined
            ? "A new rule set: change the draft, check it, then save it as version 1."
            : `Starting from version ${draft.from}. Saving stores version ${next}; nothing goes live until you publish it.`
        }
      />
      <form
        method="post"
        action={`${target.base}/edit`}
        class="editor-layout"
        data-check-url={`${target.base}/check`}
        data-draft-key={`switchboard:${target.title}`}
      >
        <input
          type="hidden"
          name="from"
          value={draft.from === undefined ? "" : String(draft.from)}
        />
        <input
          type="hidden"
          name="newest"
          value={draft.newest === undefined ? "" : String(draft.newest)}
        />
        <div class="editor-main">
          <ErrorNotice message={error} id="save-error" />
          <CodeEditor
            id="source"
            name="source"
            label="Rule file (YAML)"
            help="Checked as you type. Tab indents; Escape, then Tab, leaves the editor."
            value={draft.source}
            marks={marksOf(check.diagnostics)}
            describedBy="check-summary"
          />
          <div class="button-row sticky-actions">
            <button type="submit" name="intent" value="check" class="button secondary">
              Check
            </button>
            <button type="submit" name="intent" value="save" class="button primary">
              Save as version {String(next)}
            </button>
            <span class="live-state muted" aria-live="polite" data-live-state />
          </div>
          <CodeEditor
            id="scenarios"
            name="scenarios"
            label="Scenarios (optional)"
            help="Calls as events with what the engine must answer, as in *.scenarios.yaml. They run against this draft on every check; they are not stored."
            value={draft.scenarios}
            marks={marksOf(check.scenarios?.diagnostics ?? [])}
          />
        </div>
        <div class="editor-side" id="check-results">
          <CheckPanel check={check} source={draft.source} scenarios={draft.scenarios} />
        </div>
      </form>
    </>,
  );
}
