// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Small pieces most pages use: headings with actions, notices, empty states, times. */
import type { Child } from "hono/jsx";

export function PageHeader(props: {
  title: Child;
  lead?: Child;
  actions?: Child;
  crumbs?: Crumb[];
}) {
  return (
    <div class="page-header">
      <div>
        {props.crumbs && <Breadcrumbs crumbs={props.crumbs} />}
        <h1>{props.title}</h1>
        {props.lead && <p class="lead">{props.lead}</p>}
      </div>
      {props.actions && <div class="actions">{props.actions}</div>}
    </div>
  );
}

export interface Crumb {
  href: string;
  label: string;
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        {crumbs.map((crumb) => (
          <li>
            <a href={crumb.href}>{crumb.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** An inline problem on a form (e.g. the API's refusal), announced to screen readers. */
export function ErrorNotice({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <div class="notice error" role="alert" id={id}>
      {message}
    </div>
  );
}

/**
 * A secret shown this once (a carrier's webhook secret, an API key), with a copy button that
 * app.js reveals. The page that shows it must send `cache-control: no-store`.
 */
export function SecretReveal(props: { title: Child; secret: string; children: Child }) {
  return (
    <section class="card secret-reveal" aria-labelledby="secret-title">
      <h2 id="secret-title">{props.title}</h2>
      <p>{props.children}</p>
      <div class="secret-row">
        <code id="new-secret" class="secret">
          {props.secret}
        </code>
        <button type="button" class="button secondary small" data-copy="new-secret" hidden>
          Copy
        </button>
      </div>
    </section>
  );
}

export function Empty({ children }: { children: Child }) {
  return <p class="empty">{children}</p>;
}

export function Badge({ kind, children }: { kind: string; children: Child }) {
  return <span class={`badge ${kind}`}>{children}</span>;
}

/** A timestamp as UTC, readable, with the machine form in datetime. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return <time datetime={iso}>{text}</time>;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
