import { readFile } from "node:fs/promises";
import { compile } from "@switchboard/rules-compiler";
import { describe, expect, it } from "vitest";
import {
  controlPlane,
  databaseTargets,
  fresh,
  operator,
  pbxSource,
  useControlPlane,
} from "../../test/harness.ts";
import { withBulk } from "../publisher/index.ts";

describe.each(databaseTargets)("publishing rule sets on $name", (target) => {
  const suite = useControlPlane(target);

  it("publishes the bundle and points every number at it", async () => {
    const { tenant, number } = fresh();
    const yaml = pbxSource({ tenant, numbers: [number(1), number(2)] });
    const { hash } = await suite.cp.upload(tenant, yaml);

    const res = await suite.cp.publish(tenant, {});
    expect(res).toEqual({ status: 200, json: { active: { version: 1, hash }, canary: null } });
    const expected = { bundle: hash, tenant, ruleset: "main", version: 1, canary: null };
    expect(await suite.edge.pointer(number(1))).toEqual(expected);
    expect(await suite.edge.pointer(number(2))).toEqual(expected);
    const compiled = compile(yaml);
    expect(compiled.ok && (await suite.edge.bundle(hash))).toEqual(compiled.ok && compiled.bundle);
  });

  it("stores and publishes the repository's florist example", async () => {
    const florist = new URL("../../../rules/examples/florist.yaml", import.meta.url);
    const yaml = await readFile(florist, "utf8");
    const { hash } = await suite.cp.upload("florist", yaml, "florist");
    expect((await suite.cp.publish("florist", {}, "florist")).status).toBe(200);
    expect(await suite.edge.pointer("+46812345678")).toMatchObject({
      bundle: hash,
      ruleset: "florist",
    });
  });

  it("runs a canary beside the active version, then promotes it", async () => {
    const { tenant, number } = fresh();
    const v1 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    const v2 = await suite.cp.upload(
      tenant,
      pbxSource({ tenant, numbers: [number(1)], greeting: "v2" }),
    );
    await suite.cp.publish(tenant, { version: 1 });

    const canary = await suite.cp.publish(tenant, { version: 2, canaryPercent: 10 });
    expect(canary.json).toEqual({
      active: { version: 1, hash: v1.hash },
      canary: { version: 2, hash: v2.hash, percent: 10 },
    });
    expect(await suite.edge.pointer(number(1))).toMatchObject({
      bundle: v1.hash,
      version: 1,
      canary: { bundle: v2.hash, version: 2, percent: 10 },
    });
    expect(await suite.edge.bundle(v2.hash)).not.toBeNull();

    const promoted = await suite.cp.publish(tenant, { canaryPercent: 100 });
    expect(promoted.json).toEqual({ active: { version: 2, hash: v2.hash }, canary: null });
    expect(await suite.edge.pointer(number(1))).toMatchObject({ bundle: v2.hash, canary: null });
  });

  it("refuses a canary when nothing is active, or of the active version itself", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    expect((await suite.cp.publish(tenant, { canaryPercent: 5 })).status).toBe(409);
    await suite.cp.publish(tenant, {});
    const same = await suite.cp.publish(tenant, { version: 1, canaryPercent: 5 });
    expect(same.status).toBe(409);
    expect(same.json.error.message).toContain("already active");
    const zero = await suite.cp.publish(tenant, { canaryPercent: 0 });
    expect(zero.status).toBe(422);
  });

  it("rolls back to an earlier version's bundle and lists versions newest first", async () => {
    const { tenant, number } = fresh();
    const v1 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)], greeting: "v2" }));
    const v3 = await suite.cp.upload(
      tenant,
      pbxSource({ tenant, numbers: [number(1)], greeting: "v3" }),
    );
    await suite.cp.publish(tenant, { version: 3 });

    const res = await suite.cp.call("POST", `/v1/rulesets/${tenant}/main/rollback`, {
      token: await operator(),
      body: { version: 1 },
    });
    expect(res.json).toEqual({ active: { version: 1, hash: v1.hash }, canary: null });
    expect(await suite.edge.pointer(number(1))).toMatchObject({ bundle: v1.hash, version: 1 });

    const list = await suite.cp.call("GET", `/v1/rulesets/${tenant}/main/versions`, {
      token: await operator(),
    });
    expect(list.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(list.json.versions[0]).toMatchObject({
      hash: v3.hash,
      author: "ops@switchboard",
      active: false,
    });
    expect(list.json.versions[2]).toMatchObject({ active: true, canary: false });
    expect(Date.parse(list.json.versions[0].createdAt)).not.toBeNaN();
  });

  it("answers 404 for an unknown rule set or version", async () => {
    const { tenant, number } = fresh();
    expect((await suite.cp.publish(tenant, {})).status).toBe(404);
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    const res = await suite.cp.call("POST", `/v1/rulesets/${tenant}/main/rollback`, {
      token: await operator(),
      body: { version: 7 },
    });
    expect(res).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
  });

  it("deletes the pointers of numbers a new version drops, freeing them for others", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1), number(2)] }));
    await suite.cp.publish(tenant, {});
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    await suite.cp.publish(tenant, {});
    expect(await suite.edge.pointer(number(2))).toBeNull();
    expect(await suite.edge.pointer(number(1))).toMatchObject({ version: 2 });

    const other = fresh().tenant;
    await suite.cp.upload(other, pbxSource({ tenant: other, numbers: [number(2)] }));
    expect((await suite.cp.publish(other, {})).status).toBe(200);
  });

  it("refuses with 409 a number another tenant's rule set has claimed", async () => {
    const owner = fresh();
    const { hash } = await suite.cp.upload(
      owner.tenant,
      pbxSource({ tenant: owner.tenant, numbers: [owner.number(1)] }),
    );
    expect((await suite.cp.publish(owner.tenant, {})).status).toBe(200);

    const { tenant } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [owner.number(1)] }));
    const res = await suite.cp.publish(tenant, {});
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("number_claimed");
    expect(res.json.error.message).toContain(owner.number(1));
    expect(res.json.error.message).not.toContain(owner.tenant);
    expect(await suite.edge.pointer(owner.number(1))).toMatchObject({
      bundle: hash,
      tenant: owner.tenant,
    });
  });

  it("keeps the previous version active when the edge store fails mid-publish", async () => {
    const { tenant, number } = fresh();
    const numbers = [number(1), number(2)];
    const v1 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers }));
    await suite.cp.publish(tenant, {});
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers, greeting: "v2" }));

    // The real KV, failing on the second pointer write: one number already points at v2.
    let pointerWrites = 0;
    const flaky = controlPlane(
      suite.database,
      withBulk({
        put(key, value) {
          if (key.startsWith("did/") && ++pointerWrites === 2) {
            return Promise.reject(new Error("KV unavailable"));
          }
          return suite.edge.publisher.put(key, value);
        },
        delete: (key) => suite.edge.publisher.delete(key),
      }),
    );
    const res = await flaky.call("POST", `/v1/rulesets/${tenant}/main/publish`, {
      token: await operator(),
      body: {},
    });
    expect(res.status).toBe(502);
    expect(res.json.error).toMatchObject({ code: "publish_failed" });
    expect(res.json.error.message).toContain("version 1 stays active");

    for (const e164 of numbers) {
      expect(await suite.edge.pointer(e164)).toMatchObject({ bundle: v1.hash, version: 1 });
    }
    const list = await suite.cp.call("GET", `/v1/rulesets/${tenant}/main/versions`, {
      token: await operator(),
    });
    expect(list.json.versions.find((v: { active: boolean }) => v.active).version).toBe(1);
  });

  it("is idempotent: publishing again changes nothing, and a retry after a failure completes", async () => {
    const { tenant, number } = fresh();
    const numbers = [number(1), number(2)];
    const v1 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers }));
    const first = await suite.cp.publish(tenant, { version: 1 });
    const pointers = await Promise.all(numbers.map((e164) => suite.edge.pointer(e164)));
    expect(await suite.cp.publish(tenant, { version: 1 })).toEqual(first);
    expect(await Promise.all(numbers.map((e164) => suite.edge.pointer(e164)))).toEqual(pointers);

    // v2's publish fails on its pointer writes; the same request, sent again, goes through.
    const v2 = await suite.cp.upload(tenant, pbxSource({ tenant, numbers, greeting: "v2" }));
    const failed = await suite
      .failing((key) => key.startsWith("did/"))
      .call("POST", `/v1/rulesets/${tenant}/main/publish`, { token: await operator(), body: {} });
    expect(failed.status).toBe(502);
    expect(await suite.edge.pointer(number(1))).toMatchObject({ bundle: v1.hash });
    const retried = await suite.cp.publish(tenant, {});
    expect(retried.json).toEqual({ active: { version: 2, hash: v2.hash }, canary: null });
    for (const e164 of numbers) {
      expect(await suite.edge.pointer(e164)).toMatchObject({ bundle: v2.hash, version: 2 });
    }
    expect(await suite.edge.bundle(v2.hash)).not.toBeNull();
  });
});
