import { describe, expect, it } from "vitest";
import {
  databaseTargets,
  fresh,
  operator,
  pbxSource,
  rankingSource,
  token,
  useControlPlane,
} from "../../test/harness.ts";

describe.each(databaseTargets)("listing and checking rule sets on $name", (target) => {
  const suite = useControlPlane(target);

  it("lists a tenant's rule sets with their versions and what is live", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, name: "main", numbers: [number(1)] }));
    await suite.cp.upload(
      tenant,
      pbxSource({ tenant, name: "main", numbers: [number(1)], greeting: "v2" }),
    );
    await suite.cp.publish(tenant, { version: 1 });
    await suite.cp.upload(
      tenant,
      pbxSource({ tenant, name: "side", numbers: [number(2)] }),
      "side",
    );
    const api = suite.cp.client(await operator()).v1.rulesets[":tenant"];
    const res = await api.$get({ param: { tenant } });
    expect(res.status).toBe(200);
    const { rulesets } = await res.json();
    expect(rulesets.map((r) => ({ ...r, publishedAt: typeof r.publishedAt }))).toEqual([
      {
        name: "main",
        kind: "Pbx",
        versions: 2,
        newest: 2,
        active: 1,
        canary: null,
        publishedAt: "string",
      },
      {
        name: "side",
        kind: "Pbx",
        versions: 1,
        newest: 1,
        active: null,
        canary: null,
        publishedAt: "object",
      },
    ]);
  });

  it("hides Ranking rule sets from a PBX admin and refuses another tenant", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    await suite.cp.upload(
      tenant,
      rankingSource({ tenant, name: "rank", country: "SE", category: tenant }),
      "rank",
    );
    const admin = await token({ sub: "admin@x", role: "pbx_admin", tenant });
    const own = await suite.cp.client(admin).v1.rulesets[":tenant"].$get({ param: { tenant } });
    const names = (await own.json()) as { rulesets: { name: string }[] };
    expect(names.rulesets.map((r) => r.name)).toEqual(["main"]);
    const other = await suite.cp
      .client(admin)
      .v1.rulesets[":tenant"].$get({ param: { tenant: fresh().tenant } });
    expect(other.status).toBe(403);
  });

  it("checks a file like an upload would, storing nothing", async () => {
    const { tenant, number } = fresh();
    const path = `/v1/rulesets/${tenant}/main`;
    const good = pbxSource({ tenant, numbers: [number(1)] });
    const ok = await suite.cp.call("POST", `${path}/check`, {
      token: await operator(),
      yaml: good,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, kind: "Pbx", diagnostics: [] });
    expect(ok.json.hash).toMatch(/^[0-9a-f]{64}$/);

    const broken = good.replace("entry: welcome", "entry: welcom");
    const bad = await suite.cp.call("POST", `${path}/check`, {
      token: await operator(),
      yaml: broken,
    });
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ ok: false, hash: null });
    expect(bad.json.diagnostics[0]).toMatchObject({ severity: "error", line: 11 });
    expect(bad.json.diagnostics[0].message).toContain("welcom");

    const elsewhere = await suite.cp.call("POST", `/v1/rulesets/${tenant}/other/check`, {
      token: await operator(),
      yaml: good,
    });
    expect(elsewhere.json.ok).toBe(false);
    expect(elsewhere.json.diagnostics[0].message).toContain("metadata.name");

    const versions = await suite.cp.call("GET", `${path}/versions`, { token: await operator() });
    expect(versions.status).toBe(404);
  });
});
