import { describe, expect, it } from "vitest";
import {
  databaseTargets,
  fresh,
  operator,
  pbxSource,
  token,
  useControlPlane,
} from "../../test/harness.ts";

describe.each(databaseTargets)("rule set history on $name", (target) => {
  const suite = useControlPlane(target);

  it("promotes the canary to active, and answers 409 when there is none", async () => {
    const { tenant, number } = fresh();
    const v1 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    const v2 = await suite.cp.upload(
      tenant,
      pbxSource({ tenant, numbers: [number(1)], greeting: "v2" }),
    );
    const ruleset = suite.cp.client(await operator()).v1.rulesets[":tenant"][":name"];
    const param = { tenant, name: "main" };
    await ruleset.publish.$post({ param, json: { version: 1 } });

    const none = await ruleset.promote.$post({ param });
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ error: { code: "no_canary" } });

    await ruleset.publish.$post({ param, json: { version: 2, canaryPercent: 25 } });
    expect(await suite.edge.pointer(number(1))).toMatchObject({
      bundle: v1.hash,
      canary: { bundle: v2.hash, percent: 25 },
    });
    const promoted = await ruleset.promote.$post({ param });
    expect(await promoted.json()).toEqual({ active: { version: 2, hash: v2.hash }, canary: null });
    expect(await suite.edge.pointer(number(1))).toMatchObject({ bundle: v2.hash, canary: null });
  });

  it("shows one version's rule file and a unified diff between two versions", async () => {
    const { tenant, number } = fresh();
    const first = pbxSource({ tenant, numbers: [number(1)] });
    await suite.cp.upload(tenant, first);
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)], greeting: "Hej" }));
    const ruleset = suite.cp.client(await operator()).v1.rulesets[":tenant"][":name"];

    const v1 = await ruleset.versions[":version"].$get({
      param: { tenant, name: "main", version: "1" },
    });
    expect(await v1.json()).toMatchObject({
      version: 1,
      kind: "Pbx",
      source: first,
      numbers: [number(1)],
    });

    const diff = await ruleset.diff.$get({
      param: { tenant, name: "main" },
      query: { from: "1", to: "2" },
    });
    const body = await diff.json();
    expect(diff.status).toBe(200);
    expect(body.diff).toBe(
      [
        "--- main.yaml@v1",
        "+++ main.yaml@v2",
        "@@ -12,4 +12,4 @@",
        "   nodes:",
        "     welcome:",
        "       type: play",
        '-      prompt: { tts: "Hello" }',
        '+      prompt: { tts: "Hej" }',
        "",
      ].join("\n"),
    );
    const same = await ruleset.diff.$get({
      param: { tenant, name: "main" },
      query: { from: "2", to: "2" },
    });
    expect((await same.json()).diff).toBe("");
    const missing = await ruleset.diff.$get({
      param: { tenant, name: "main" },
      query: { from: "1", to: "9" },
    });
    expect(missing.status).toBe(404);
  });

  it("records every change in the audit log, visible to operators and to the own tenant only", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    await suite.cp.publish(tenant, {});
    await suite.cp.call("POST", `/v1/rulesets/${tenant}/main/rollback`, {
      token: await operator(),
      body: { version: 1 },
    });

    const admin = await token({ sub: "admin@t", role: "pbx_admin", tenant });
    const audit = suite.cp.client(admin).v1.audit;
    const own = await (await audit.$get({ query: {} })).json();
    expect(own.entries.map((e: { action: string }) => e.action)).toEqual([
      "ruleset.rollback",
      "ruleset.publish",
      "ruleset.upload",
    ]);
    expect(own.entries[2]).toMatchObject({
      actor: "ops@switchboard",
      role: "operator",
      tenant,
      target: `ruleset/${tenant}/main`,
      details: { version: 1, numbers: [number(1)] },
    });

    const other = await audit.$get({ query: { tenant: fresh().tenant } });
    expect(other.status).toBe(403);
    const all = await suite.cp
      .client(await operator())
      .v1.audit.$get({ query: { tenant, limit: "2" } });
    const page = await all.json();
    expect(page.entries).toHaveLength(2);
    const rest = await suite.cp.client(await operator()).v1.audit.$get({
      query: { tenant, before: String(page.next) },
    });
    expect((await rest.json()).entries.map((e: { action: string }) => e.action)).toEqual([
      "ruleset.upload",
    ]);
  });
});
