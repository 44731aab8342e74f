import { compile } from "@switchboard/rules-compiler";
import { describe, expect, it } from "vitest";
import {
  databaseTargets,
  fresh,
  operator,
  pbxSource,
  token,
  useControlPlane,
} from "../../test/harness.ts";

const hashOf = (source: string) => {
  const result = compile(source);
  if (!result.ok) throw new Error("test source does not compile");
  return result.hash;
};

describe.each(databaseTargets)("storing rule sets on $name", (target) => {
  const suite = useControlPlane(target);

  it("stores numbered versions and answers the same version for an unchanged bundle", async () => {
    const { tenant, number } = fresh();
    const v1 = pbxSource({ tenant, numbers: [number(1)] });
    const path = `/v1/rulesets/${tenant}/main`;

    const first = await suite.cp.call("PUT", path, { token: await operator(), yaml: v1 });
    expect(first).toEqual({
      status: 201,
      json: { name: "main", version: 1, hash: hashOf(v1), diagnostics: [] },
    });
    const again = await suite.cp.call("PUT", path, { token: await operator(), yaml: v1 });
    expect(again).toEqual({ status: 200, json: first.json });

    const v2 = pbxSource({ tenant, numbers: [number(1)], greeting: "Hej" });
    const second = await suite.cp.call("PUT", path, {
      token: await operator(),
      yaml: v2,
      contentType: "text/yaml",
    });
    expect(second.status).toBe(201);
    expect(second.json.version).toBe(2);

    // Storing never activates: the edge knows nothing yet.
    expect(await suite.edge.pointer(number(1))).toBeNull();
  });

  it("accepts text/plain and refuses a JSON body with 415", async () => {
    const { tenant, number } = fresh();
    const yaml = pbxSource({ tenant, numbers: [number(1)] });
    const path = `/v1/rulesets/${tenant}/main`;
    const plain = await suite.cp.call("PUT", path, {
      token: await operator(),
      yaml,
      contentType: "text/plain",
    });
    expect(plain.status).toBe(201);
    const asJson = await suite.cp.call("PUT", path, { token: await operator(), body: { yaml } });
    expect(asJson.status).toBe(415);
    expect(asJson.json.error.code).toBe("unsupported_media_type");
  });

  it("rejects broken YAML with 422 and the line and column of the fault", async () => {
    const { tenant, number } = fresh();
    const yaml = pbxSource({ tenant, numbers: [number(1)] }).replace("sv-SE", "sv-SE: x");
    const res = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/main`, {
      token: await operator(),
      yaml,
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("invalid_rules");
    expect(res.json.diagnostics[0]).toMatchObject({ severity: "error", line: 9, column: 13 });
    expect(res.json.diagnostics[0].code).toEqual(expect.any(String));
    expect(res.json.diagnostics[0].message).toEqual(expect.any(String));
  });

  it("rejects a file that names another tenant, pointing at metadata.tenant", async () => {
    const { tenant, number } = fresh();
    const yaml = pbxSource({ tenant: "someone-else", numbers: [number(1)] });
    const res = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/main`, {
      token: await operator(),
      yaml,
    });
    expect(res.status).toBe(422);
    expect(res.json.diagnostics).toEqual([
      expect.objectContaining({ code: "tenant_mismatch", severity: "error", line: 5, column: 11 }),
    ]);
    expect(res.json.diagnostics[0].message).toContain(`"someone-else"`);
    const name = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/other`, {
      token: await operator(),
      yaml: pbxSource({ tenant, numbers: [number(1)] }),
    });
    expect(name.json.diagnostics).toEqual([
      expect.objectContaining({ code: "name_mismatch", line: 4 }),
    ]);
  });

  it("lets a pbx_admin manage only its own tenant", async () => {
    const own = fresh();
    const admin = await token({ sub: "admin@a", role: "pbx_admin", tenant: own.tenant });
    const yaml = pbxSource({ tenant: own.tenant, numbers: [own.number(1)] });
    const mine = await suite.cp.call("PUT", `/v1/rulesets/${own.tenant}/main`, {
      token: admin,
      yaml,
    });
    expect(mine.status).toBe(201);

    const other = fresh().tenant;
    const theirs = pbxSource({ tenant: other, numbers: [own.number(2)] });
    const put = await suite.cp.call("PUT", `/v1/rulesets/${other}/main`, {
      token: admin,
      yaml: theirs,
    });
    expect(put).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
    await suite.cp.upload(other, theirs);
    const calls = [
      suite.cp.call("POST", `/v1/rulesets/${other}/main/publish`, { token: admin, body: {} }),
      suite.cp.call("POST", `/v1/rulesets/${other}/main/rollback`, {
        token: admin,
        body: { version: 1 },
      }),
      suite.cp.call("GET", `/v1/rulesets/${other}/main/versions`, { token: admin }),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(403);

    const provider = await token({ sub: "shop", role: "provider", tenant: own.tenant });
    const list = await suite.cp.call("GET", `/v1/rulesets/${own.tenant}/main/versions`, {
      token: provider,
    });
    expect(list.status).toBe(403);
  });

  it("answers 401 without a valid bearer token", async () => {
    const { tenant } = fresh();
    const path = `/v1/rulesets/${tenant}/main/versions`;
    const missing = await suite.cp.call("GET", path);
    expect(missing).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    const forged = await suite.cp.call("GET", path, { token: `${await operator()}x` });
    expect(forged.status).toBe(401);
  });
});
