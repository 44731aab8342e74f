// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The pages of one tenant's rule sets: the list, a rule set, a version, a diff. */

import type { FlowGraph } from "@switchboard/rules-compiler";
import type { Diagnostic } from "../api.ts";
import { Badge, Empty, PageHeader, Time } from "../layout/parts.tsx";
import { FlowDiagram } from "./diagram.tsx";
import { DiffView } from "./diff.tsx";
import { DiagnosticList } from "./editor.tsx";
import type { TenantRuleset, VersionedTarget, VersionRow } from "./target.ts";
import { CompareForm, LiveStatus, liveOf, RolloutButton, VersionsTable } from "./versions.tsx";

export interface RulesetSummary {
  name: string;
  kind: string;
  versions: number;
  newest: number | null;
  active: number | null;
  canary: { version: number; percent: number } | null;
  publishedAt: string | null;
}

export function RulesetTable({ tenant, rulesets }: { tenant: string; rulesets: RulesetSummary[] }) {
  if (rulesets.length === 0) return <Empty>No rule sets yet. Create the first one below.</Empty>;
  return (
    <table class="data">
      <caption class="visually-hidden">Rule sets of {tenant}</caption>
      <thead>
        <tr>
          <th scope="col">Rule set</th>
          <th scope="col">Kind</th>
          <th scope="col">Live</th>
          <th scope="col">Newest</th>
          <th scope="col">Published</th>
        </tr>
      </thead>
      <tbody>
        {rulesets.map((r) => (
          <tr>
            <th scope="row">
              <a href={`/app/tenants/${tenant}/rulesets/${r.name}`}>{r.name}</a>
            </th>
            <td>{r.kind}</td>
            <td>
              {r.active === null ? (
                <Badge kind="draft">not published</Badge>
              ) : (
                <Badge kind="active">v{r.active}</Badge>
              )}{" "}
              {r.canary && (
                <Badge kind="canary">
                  canary v{r.canary.version} · {r.canary.percent} %
                </Badge>
              )}
            </td>
            <td>{r.newest === null ? "—" : `v${r.newest}`}</td>
            <td>
              <Time iso={r.publishedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NewRulesetForm({ tenant, error }: { tenant: string; error?: string }) {
  return (
    <form method="post" action={`/app/tenants/${tenant}/rulesets`} class="card stack narrow">
      <h2>New rule set</h2>
      {error && (
        <div class="notice error" role="alert" id="new-ruleset-error">
          {error}
        </div>
      )}
      <div class="field">
        <label for="new-name">Name</label>
        <input
          id="new-name"
          name="name"
          required
          pattern="[a-z0-9][a-z0-9_\-]{0,62}"
          aria-describedby="new-name-help"
        />
        <p class="help" id="new-name-help">
          Lower-case letters, digits, "-" and "_"; it is <code>metadata.name</code> in the file.
        </p>
      </div>
      <button type="submit" class="button secondary">
        Start a rule file
      </button>
    </form>
  );
}

export function RulesetPage(props: {
  target: TenantRuleset;
  summary: RulesetSummary;
  versions: VersionRow[];
  shown?: { version: number; numbers: string[]; flow?: FlowGraph };
}) {
  const { target, summary, versions, shown } = props;
  const { active } = liveOf(versions);
  return (
    <>
      <PageHeader
        title={summary.name}
        crumbs={target.crumbs}
        lead={`${summary.kind} rule set · ${versions.length} version${versions.length === 1 ? "" : "s"}`}
        actions={
          <a class="button primary" href={`${target.base}/edit`}>
            Edit rule file
          </a>
        }
      />
      <div class="grid two">
        <LiveStatus target={target} versions={versions} canaryPercent={summary.canary?.percent} />
        <section class="card" aria-labelledby="numbers-title">
          <h2 id="numbers-title">Numbers</h2>
          {shown && shown.numbers.length > 0 ? (
            <ul class="numbers">
              {shown.numbers.map((n) => (
                <li>
                  <code>{n}</code>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No numbers in this file.</Empty>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="versions-title">
        <div class="section-head">
          <h2 id="versions-title">Versions</h2>
          <CompareForm target={target} versions={versions} />
        </div>
        <VersionsTable target={target} kind={summary.kind} versions={versions} linkVersions />
      </section>
      {shown?.flow && (
        <section class="card" aria-labelledby="flow-title">
          <h2 id="flow-title">
            Call flow of v{shown.version}{" "}
            {active?.version === shown.version ? (
              <Badge kind="active">active</Badge>
            ) : (
              <Badge kind="draft">not active</Badge>
            )}
          </h2>
          <FlowDiagram flow={shown.flow} />
        </section>
      )}
    </>
  );
}

export function VersionPage(props: {
  target: TenantRuleset;
  versions: VersionRow[];
  detail: {
    version: number;
    kind: string;
    hash: string;
    author: string;
    createdAt: string;
    numbers: string[];
    diagnostics: Diagnostic[];
    source: string;
  };
  flow?: FlowGraph;
}) {
  const { target, detail, versions } = props;
  const row = versions.find((v) => v.version === detail.version);
  const { active } = liveOf(versions);
  const lines = detail.source.split("\n");
  return (
    <>
      <PageHeader
        title={`Version ${detail.version}`}
        crumbs={[...target.crumbs, { href: target.base, label: target.title }]}
        lead={
          <>
            Stored <Time iso={detail.createdAt} /> by {detail.author} · bundle{" "}
            <code>{detail.hash.slice(0, 12)}</code>{" "}
            {row?.active && <Badge kind="active">active</Badge>}
            {row?.canary && <Badge kind="canary">canary</Badge>}
          </>
        }
        actions={
          <>
            <a class="button secondary" href={`${target.base}/edit?from=${detail.version}`}>
              Edit from this version
            </a>
            {!row?.active && !row?.canary && (
              <RolloutButton
                target={target}
                action={active && detail.version < active.version ? "rollback" : "publish"}
                version={detail.version}
                label={
                  active && detail.version < active.version
                    ? `Roll back to v${detail.version}…`
                    : `Publish v${detail.version}…`
                }
                kind="primary"
              />
            )}
          </>
        }
      />
      {detail.diagnostics.length > 0 && (
        <section class="card" aria-labelledby="warnings-title">
          <h2 id="warnings-title">Warnings</h2>
          <DiagnosticList
            diagnostics={detail.diagnostics}
            source={detail.source}
            editor="source"
            where="line"
          />
        </section>
      )}
      {props.flow && (
        <section class="card" aria-labelledby="flow-title">
          <h2 id="flow-title">Call flow</h2>
          <FlowDiagram flow={props.flow} />
        </section>
      )}
      <section class="card" aria-labelledby="source-title">
        <h2 id="source-title">Rule file</h2>
        <section class="scroll" aria-label="Rule file with line numbers" tabindex={0}>
          <pre class="code-view">
            {lines.map((line, i) => (
              <span class="code-view-line" id={`source-L${i + 1}`}>
                <span class="ln" aria-hidden="true">
                  {String(i + 1)}
                </span>
                {line}
                {"\n"}
              </span>
            ))}
          </pre>
        </section>
      </section>
    </>
  );
}

export function DiffPage(props: {
  target: VersionedTarget;
  from: number;
  to: number;
  diff: string;
  versions: VersionRow[];
}) {
  const { target } = props;
  return (
    <>
      <PageHeader
        title={`v${props.from} → v${props.to}`}
        crumbs={[...target.crumbs, { href: target.base, label: target.title }]}
        lead="Lines starting with − are only in the first version, + only in the second."
        actions={<CompareForm target={target} versions={props.versions} />}
      />
      <DiffView diff={props.diff} label={`Diff of v${props.from} and v${props.to}`} />
    </>
  );
}
