/**
 * What the version pages work on: a tenant's rule set or a country (a Country rule file). Both
 * have versions, a diff, publish and rollback in the API, under different paths; pages take a
 * target and never care which.
 */
import type { Context } from "hono";
import { type Api, apiClient, ok } from "../api.ts";
import type { Crumb } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";

export interface VersionRow {
  version: number;
  hash: string;
  createdAt: string;
  author: string;
  active: boolean;
  canary: boolean;
}

export interface Rollout {
  active: { version: number; hash: string };
  canary: { version: number; hash: string; percent: number } | null;
}

export interface VersionedTarget {
  /** "florist/florist", "country SE" */
  title: string;
  /** The page of the target; forms post below it. */
  base: string;
  crumbs: Crumb[];
  /** Canary rollouts exist for Pbx rule sets only. */
  canary(kind: string): boolean;
  versions(): Promise<VersionRow[]>;
  diff(from: number, to: number): Promise<{ diff: string }>;
  publish(body: { version?: number; canaryPercent?: number }): Promise<Rollout>;
  promote(): Promise<Rollout>;
  rollback(version: number): Promise<Rollout>;
}

export function tenantRuleset(c: Context<WebEnv>, tenant: string, name: string) {
  const api: Api = apiClient(c);
  const ruleset = api.v1.rulesets[":tenant"][":name"];
  const param = { tenant, name };
  return {
    title: `${tenant}/${name}`,
    base: `/app/tenants/${tenant}/rulesets/${name}`,
    crumbs: [{ href: `/app/tenants/${tenant}`, label: `Tenant ${tenant}` }],
    canary: (kind: string) => kind === "Pbx",
    versions: async () => (await ok(ruleset.versions.$get({ param }))).versions,
    version: (version: number) =>
      ok(ruleset.versions[":version"].$get({ param: { ...param, version: String(version) } })),
    diff: (from: number, to: number) =>
      ok(ruleset.diff.$get({ param, query: { from: String(from), to: String(to) } })),
    publish: (body: { version?: number; canaryPercent?: number }) =>
      ok(ruleset.publish.$post({ param, json: body })),
    promote: () => ok(ruleset.promote.$post({ param })),
    rollback: (version: number) => ok(ruleset.rollback.$post({ param, json: { version } })),
  } satisfies VersionedTarget & Record<string, unknown>;
}

export type TenantRuleset = ReturnType<typeof tenantRuleset>;

export function countryTarget(c: Context<WebEnv>, code: string): VersionedTarget {
  const country = apiClient(c).v1.countries[":code"];
  const param = { code };
  return {
    title: `Country ${code}`,
    base: `/app/countries/${code}`,
    crumbs: [{ href: "/app/countries", label: "Countries" }],
    canary: () => false,
    versions: async () => (await ok(country.versions.$get({ param }))).versions,
    diff: (from, to) =>
      ok(country.diff.$get({ param, query: { from: String(from), to: String(to) } })),
    publish: (body) => ok(country.publish.$post({ param, json: body })),
    promote: () => Promise.reject(new Error("countries have no canary")),
    rollback: (version) => ok(country.rollback.$post({ param, json: { version } })),
  };
}
