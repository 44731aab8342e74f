// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The page shell every screen shares: skip link, top bar with the role's navigation, flash. */
import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Claims } from "../../auth/index.ts";
import { assetUrl } from "../assets/index.ts";
import type { WebEnv } from "../session/session.ts";
import { type Flash, takeFlash } from "./flash.ts";

export interface PageOptions {
  title: string;
  /** The navigation entry to mark as current (its href). */
  nav?: string;
  status?: ContentfulStatusCode;
}

interface NavItem {
  href: string;
  label: string;
}

/** What each role works on; the API still decides what each may do. */
export function navigation(claims: Claims): NavItem[] {
  if (claims.role === "operator") {
    return [
      { href: "/app/operator", label: "Overview" },
      { href: "/app/tenants", label: "Tenants" },
      { href: "/app/users", label: "Users" },
      { href: "/app/carriers", label: "Carriers" },
      { href: "/app/countries", label: "Countries" },
      { href: "/app/activity", label: "Activity" },
      { href: "/app/api-keys", label: "API keys" },
    ];
  }
  const tenant = `/app/tenants/${claims.tenant}`;
  if (claims.role === "pbx_admin") {
    return [
      { href: tenant, label: "Rule sets" },
      { href: `${tenant}/stats`, label: "Call statistics" },
      { href: "/app/activity", label: "Activity" },
      { href: "/app/api-keys", label: "API keys" },
    ];
  }
  return [
    { href: `/app/providers/${claims.tenant}`, label: "Marketplace" },
    { href: "/app/activity", label: "Activity" },
    { href: "/app/api-keys", label: "API keys" },
  ];
}

export function renderPage(c: Context<WebEnv>, options: PageOptions, main: Child) {
  const session = c.get("session");
  const flash = takeFlash(c);
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${options.title} · Switchboard`}</title>
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <link rel="icon" href={assetUrl("icon.svg")} type="image/svg+xml" />
        <script src={assetUrl("app.js")} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <div class="wrap topbar-inner">
            <a class="brand" href="/app">
              <img src={assetUrl("icon.svg")} alt="" width="24" height="24" />
              Switchboard
            </a>
            {session && (
              <nav aria-label="Main">
                <ul>
                  {navigation(session.claims).map((item) => (
                    <li>
                      <a
                        href={item.href}
                        aria-current={options.nav === item.href ? "page" : undefined}
                      >
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {session && (
              <div class="who">
                <span>
                  {session.claims.sub}
                  <small>
                    {roleLabel(session.claims.role)}
                    {session.claims.tenant ? ` · ${session.claims.tenant}` : ""}
                  </small>
                </span>
                <form method="post" action="/app/logout">
                  <button type="submit" class="button ghost">
                    Sign out
                  </button>
                </form>
              </div>
            )}
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {flash && <FlashNotice flash={flash} />}
          {main}
        </main>
      </body>
    </html>
  );
  return c.html(html`<!DOCTYPE html>${page}`, options.status ?? 200);
}

export function roleLabel(role: Claims["role"]): string {
  return { operator: "Operator", pbx_admin: "PBX admin", provider: "Provider" }[role];
}

function FlashNotice({ flash }: { flash: Flash }) {
  return (
    <div class={`notice ${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
      {flash.text}
    </div>
  );
}
