// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Publish, canary, promote and rollback, each behind a confirmation page that says what will
 * change for callers and shows the diff against what is live. Works without JavaScript: the
 * buttons post here, this page asks, and only a post with `confirm=yes` acts.
 */
import type { Context } from "hono";
import { refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { ErrorNotice, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { DiffView } from "./diff.tsx";
import type { VersionedTarget, VersionRow } from "./target.ts";
import { liveOf, type RolloutAction, rolloutSummary } from "./versions.tsx";

interface Step {
  action: RolloutAction;
  version: number;
  percent: number;
}

const actions: RolloutAction[] = ["publish", "canary", "promote", "rollback"];

export async function rolloutHandler(
  c: Context<WebEnv>,
  target: VersionedTarget,
  context: { kind: string; numbers?: string[] },
) {
  const form = await c.req.parseBody();
  const action = actions.find((a) => a === form.action);
  const version = Number(form.version);
  const percent = form.percent === undefined ? 10 : Number(form.percent);
  if (!action || !Number.isInteger(version) || version < 1) {
    return redirectWith(c, target.base, { kind: "error", text: "Choose a version to roll out." });
  }
  const step: Step = { action, version, percent };
  const versions = await target.versions();
  if (form.confirm !== "yes") return confirmPage(c, target, context, versions, step);
  if (action === "canary" && !(Number.isInteger(percent) && percent >= 1 && percent <= 99)) {
    const error = "A canary takes 1 to 99 percent of new calls.";
    return confirmPage(c, target, context, versions, step, error, 422);
  }
  try {
    const rollout = await perform(target, step);
    return redirectWith(c, target.base, {
      kind: "success",
      text: `${doneText(step, liveOf(versions).active)} ${rolloutSummary(rollout)}`,
    });
  } catch (error) {
    const failure = refused(error, 404, 409, 422, 502);
    const status = failure.status as 404 | 409 | 422 | 502;
    return confirmPage(c, target, context, versions, step, failure.message, status);
  }
}

function perform(target: VersionedTarget, step: Step) {
  switch (step.action) {
    case "publish":
      return target.publish({ version: step.version });
    case "canary":
      return target.publish({ version: step.version, canaryPercent: step.percent });
    case "promote":
      return target.promote();
    case "rollback":
      return target.rollback(step.version);
  }
}

function doneText(step: Step, active: VersionRow | undefined): string {
  switch (step.action) {
    case "publish":
      return `Published v${step.version}.`;
    case "canary":
      return `Canary of v${step.version} started at ${step.percent} %.`;
    case "promote":
      return "Canary promoted.";
    case "rollback":
      return active?.version === step.version
        ? "Canary stopped."
        : `Rolled back to v${step.version}.`;
  }
}

function headline(step: Step, active: VersionRow | undefined): { title: string; button: string } {
  switch (step.action) {
    case "publish":
      return { title: `Publish version ${step.version}?`, button: `Publish v${step.version}` };
    case "canary":
      return {
        title: `Start a canary of version ${step.version}?`,
        button: `Start canary of v${step.version}`,
      };
    case "promote":
      return { title: `Promote the canary, version ${step.version}?`, button: "Promote canary" };
    case "rollback":
      return active?.version === step.version
        ? { title: "Stop the canary?", button: "Stop canary" }
        : {
            title: `Roll back to version ${step.version}?`,
            button: `Roll back to v${step.version}`,
          };
  }
}

function consequence(step: Step, active: VersionRow | undefined, numbers?: string[]): string {
  const who = numbers?.length ? `calls to ${numbers.join(", ")}` : "calls";
  switch (step.action) {
    case "publish":
      return `Every new ${who.replace(/^calls/, "call")} will run version ${step.version}${active ? ` instead of version ${active.version}` : ""}.`;
    case "canary":
      return `The chosen share of new ${who} will run version ${step.version}; the rest stay on version ${active?.version}.`;
    case "promote":
      return `Every new ${who.replace(/^calls/, "call")} will run version ${step.version}.`;
    case "rollback":
      return active?.version === step.version
        ? `The canary stops; every new ${who.replace(/^calls/, "call")} runs version ${step.version}.`
        : `Every new ${who.replace(/^calls/, "call")} will run version ${step.version} again.`;
  }
}

async function confirmPage(
  c: Context<WebEnv>,
  target: VersionedTarget,
  context: { kind: string; numbers?: string[] },
  versions: VersionRow[],
  step: Step,
  error?: string,
  status: 200 | 404 | 409 | 422 | 502 = 200,
) {
  const { active } = liveOf(versions);
  const { title, button } = headline(step, active);
  const compareWith = active && active.version !== step.version ? active.version : undefined;
  const diff = compareWith ? (await target.diff(compareWith, step.version)).diff : undefined;
  const danger = step.action === "rollback";
  return renderPage(
    c,
    { title, status },
    <>
      <PageHeader
        title={title}
        crumbs={[...target.crumbs, { href: target.base, label: target.title }]}
        lead={consequence(step, active, context.numbers)}
      />
      <form method="post" action={`${target.base}/rollout`} class="card stack confirm">
        <ErrorNotice message={error} id="rollout-error" />
        <input type="hidden" name="action" value={step.action} />
        <input type="hidden" name="version" value={String(step.version)} />
        <input type="hidden" name="confirm" value="yes" />
        {step.action === "canary" && (
          <div class="field">
            <label for="percent">Share of new calls on version {step.version} (percent)</label>
            <input
              id="percent"
              name="percent"
              type="number"
              min="1"
              max="99"
              step="1"
              required
              value={String(step.percent)}
              aria-describedby="percent-help"
            />
            <p class="help" id="percent-help">
              A call stays on the version it started with, so a canary never splits one call.
            </p>
          </div>
        )}
        <p class="help">Calls already in progress keep the version they started on.</p>
        <div class="button-row">
          <button type="submit" class={`button ${danger ? "danger" : "primary"}`} autofocus>
            {button}
          </button>
          <a class="button secondary" href={target.base}>
            Cancel
          </a>
        </div>
      </form>
      {diff !== undefined && compareWith !== undefined && (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">
            Changes from the active version {compareWith} to version {step.version}
          </h2>
          <DiffView diff={diff} label={`Diff of v${compareWith} and v${step.version}`} />
        </section>
      )}
    </>,
  );
}
