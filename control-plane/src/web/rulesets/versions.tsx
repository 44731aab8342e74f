// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The versions of a rule set (or a country): what is live, every stored version, compare. */
import { Badge, Empty, shortHash, Time } from "../layout/parts.tsx";
import type { Rollout, VersionedTarget, VersionRow } from "./target.ts";

export type RolloutAction = "publish" | "canary" | "promote" | "rollback";

/** What is live, read from the version list (the API marks the active and canary versions). */
export function liveOf(versions: VersionRow[]): { active?: VersionRow; canary?: VersionRow } {
  return { active: versions.find((v) => v.active), canary: versions.find((v) => v.canary) };
}

/** A button that leads to the confirmation page of one rollout step. */
export function RolloutButton(props: {
  target: VersionedTarget;
  action: RolloutAction;
  version: number;
  label: string;
  kind?: "primary" | "secondary" | "danger";
}) {
  return (
    <form method="post" action={`${props.target.base}/rollout`} class="inline">
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="version" value={String(props.version)} />
      <button type="submit" class={`button small ${props.kind ?? "secondary"}`}>
        {props.label}
      </button>
    </form>
  );
}

export function LiveStatus(props: {
  target: VersionedTarget;
  versions: VersionRow[];
  canaryPercent?: number;
}) {
  const { active, canary } = liveOf(props.versions);
  if (!active) {
    return (
      <section class="card live" aria-labelledby="live-title">
        <h2 id="live-title">Live on the edge</h2>
        <p>
          <Badge kind="draft">Not published</Badge> Nothing is live yet: publish a version to route
          calls with it.
        </p>
      </section>
    );
  }
  return (
    <section class="card live" aria-labelledby="live-title">
      <h2 id="live-title">Live on the edge</h2>
      <dl class="facts">
        <div>
          <dt>Active</dt>
          <dd>
            <Badge kind="active">v{active.version}</Badge> <code>{shortHash(active.hash)}</code>
          </dd>
        </div>
        <div>
          <dt>Canary</dt>
          <dd>
            {canary ? (
              <>
                <Badge kind="canary">
                  v{canary.version}
                  {props.canaryPercent !== undefined ? ` · ${props.canaryPercent} %` : ""}
                </Badge>{" "}
                <RolloutButton
                  target={props.target}
                  action="promote"
                  version={canary.version}
                  label={`Promote v${canary.version}…`}
                />{" "}
                <RolloutButton
                  target={props.target}
                  action="rollback"
                  version={active.version}
                  label="Stop canary…"
                />
              </>
            ) : (
              <span class="muted">none</span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function VersionsTable(props: {
  target: VersionedTarget;
  kind: string;
  versions: VersionRow[];
  /** Link each version to its page (tenant rule sets have one). */
  linkVersions?: boolean;
}) {
  const { target, versions } = props;
  if (versions.length === 0) return <Empty>No versions stored yet.</Empty>;
  const { active } = liveOf(versions);
  return (
    <table class="data">
      <caption class="visually-hidden">Stored versions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Stored</th>
          <th scope="col">By</th>
          <th scope="col">Bundle</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((row) => (
          <tr>
            <th scope="row">
              {props.linkVersions ? (
                <a href={`${target.base}/versions/${row.version}`}>v{row.version}</a>
              ) : (
                `v${row.version}`
              )}
            </th>
            <td>
              <Time iso={row.createdAt} />
            </td>
            <td>{row.author}</td>
            <td>
              <code>{shortHash(row.hash)}</code>
            </td>
            <td>
              {row.active && <Badge kind="active">active</Badge>}
              {row.canary && <Badge kind="canary">canary</Badge>}
            </td>
            <td class="row-actions">{rowActions(props, row, active)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function rowActions(
  props: { target: VersionedTarget; kind: string },
  row: VersionRow,
  active: VersionRow | undefined,
) {
  const { target } = props;
  if (row.active) return null;
  if (row.canary) {
    return (
      <RolloutButton target={target} action="promote" version={row.version} label="Promote…" />
    );
  }
  if (active && row.version < active.version) {
    return (
      <RolloutButton
        target={target}
        action="rollback"
        version={row.version}
        label={`Roll back to v${row.version}…`}
      />
    );
  }
  return (
    <>
      <RolloutButton
        target={target}
        action="publish"
        version={row.version}
        label={`Publish v${row.version}…`}
        kind="primary"
      />
      {active && target.canary(props.kind) && (
        <>
          {" "}
          <RolloutButton target={target} action="canary" version={row.version} label="Canary…" />
        </>
      )}
    </>
  );
}

/** Picks two versions to compare (a plain GET form). */
export function CompareForm(props: { target: VersionedTarget; versions: VersionRow[] }) {
  const { versions } = props;
  if (versions.length < 2) return null;
  const newest = versions[0]?.version ?? 1;
  const base = liveOf(versions).active?.version ?? versions[1]?.version ?? 1;
  const from = base === newest ? (versions[1]?.version ?? newest) : base;
  const options = (selected: number) =>
    versions.map((v) => (
      <option value={String(v.version)} selected={v.version === selected}>
        v{v.version}
      </option>
    ));
  return (
    <form method="get" action={`${props.target.base}/diff`} class="compare">
      <div class="field inline-field">
        <label for="diff-from">Compare</label>
        <select id="diff-from" name="from">
          {options(from)}
        </select>
      </div>
      <div class="field inline-field">
        <label for="diff-to">with</label>
        <select id="diff-to" name="to">
          {options(newest)}
        </select>
      </div>
      <button type="submit" class="button secondary small">
        Show diff
      </button>
    </form>
  );
}

export function rolloutSummary(rollout: Rollout): string {
  const canary = rollout.canary
    ? `; canary v${rollout.canary.version} takes ${rollout.canary.percent} % of new calls`
    : "";
  return `Live on the edge: v${rollout.active.version} active${canary}.`;
}
