import { describe, expect, it } from "vitest";
import {
  databaseTargets,
  fresh,
  okJson,
  operator,
  pbxSource,
  token,
  useControlPlane,
} from "../../test/harness.ts";

describe.each(databaseTargets)("API keys on $name", (target) => {
  const suite = useControlPlane(target);

  it("shows the secret once, works as a bearer, and stops working when revoked", async () => {
    const { tenant, number } = fresh();
    const admin = suite.cp.client(await token({ sub: "admin@t", role: "pbx_admin", tenant })).v1;
    const created = await admin["api-keys"].$post({ json: { name: "ci" } });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key).toMatchObject({
      name: "ci",
      role: "pbx_admin",
      tenant,
      createdBy: "admin@t",
      revokedAt: null,
    });
    expect(key.key).toMatch(/^sbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const listed = await (await admin["api-keys"].$get({ query: {} })).json();
    expect(listed.keys).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(key.key.slice(18));

    const yaml = pbxSource({ tenant, numbers: [number(1)] });
    const asKey = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/main`, {
      token: key.key,
      yaml,
    });
    expect(asKey.status).toBe(201);
    const audit = await suite.cp.call("GET", "/v1/audit", { token: key.key });
    expect(audit.json.entries[0]).toMatchObject({
      action: "ruleset.upload",
      actor: `key:${key.id}`,
    });
    const elsewhere = await suite.cp.call("GET", `/v1/rulesets/${fresh().tenant}/main/versions`, {
      token: key.key,
    });
    expect(elsewhere.status).toBe(403);

    const revoked = await admin["api-keys"][":id"].$delete({ param: { id: key.id } });
    expect((await okJson(revoked)).revokedAt).not.toBeNull();
    const after = await suite.cp.call("GET", "/v1/audit", { token: key.key });
    expect(after).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    const forged = await suite.cp.call("GET", "/v1/audit", {
      token: `sbk_${key.id}_${"A".repeat(43)}`,
    });
    expect(forged.status).toBe(401);
  });

  it("never gives a key more than its creator holds", async () => {
    const { tenant } = fresh();
    const admin = suite.cp.client(await token({ sub: "a", role: "pbx_admin", tenant })).v1;
    const escalate = await admin["api-keys"].$post({ json: { name: "x", role: "operator" } });
    expect(escalate.status).toBe(403);
    const other = await admin["api-keys"].$post({ json: { name: "x", tenant: fresh().tenant } });
    expect(other.status).toBe(403);

    const ops = suite.cp.client(await operator()).v1;
    const service = await (
      await ops["api-keys"].$post({ json: { name: "edge forwarder" } })
    ).json();
    expect(service).toMatchObject({ role: "operator", tenant: null });
    // Another tenant's key cannot be revoked, nor learned to exist.
    const theirs = await admin["api-keys"][":id"].$delete({ param: { id: service.id } });
    expect(theirs.status).toBe(404);
  });
});
