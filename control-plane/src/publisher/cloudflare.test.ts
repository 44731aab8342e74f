import { compile } from "@switchboard/rules-compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflare, startFakeCloudflare } from "../../test/fake-cloudflare.ts";
import { controlPlane, fresh, operator, pbxSource, pglite } from "../../test/harness.ts";
import type { OpenDatabase } from "../db/open.ts";
import { cloudflareKvPublisher, cloudflareKvPublisherFromEnv } from "./cloudflare.ts";

const account = { accountId: "acc123", namespaceId: "ns456", apiToken: "token-789" };
let cloudflare: FakeCloudflare;
let database: OpenDatabase;
beforeAll(async () => {
  cloudflare = await startFakeCloudflare(account);
  database = await pglite.open();
});
afterAll(async () => {
  await cloudflare?.close();
  await database?.close();
});

const publisher = () =>
  cloudflareKvPublisher({ ...account, baseUrl: cloudflare.baseUrl, attempts: 3 });

describe("the Cloudflare KV REST publisher", () => {
  it("publishes a rule set: bundle bytes and pointers land in the namespace", async () => {
    const { tenant, number } = fresh();
    const cp = controlPlane(database, publisher());
    const yaml = pbxSource({ tenant, numbers: [number(1), number(2)] });
    await cp.upload(tenant, yaml);
    expect((await cp.publish(tenant, {})).status).toBe(200);

    const compiled = compile(yaml);
    if (!compiled.ok) throw new Error("does not compile");
    expect(new Uint8Array(cloudflare.values.get(`bundle/${compiled.hash}`) ?? [])).toEqual(
      compiled.bundle,
    );
    expect(
      JSON.parse(cloudflare.values.get(`did/${number(2)}`)?.toString() ?? "null"),
    ).toMatchObject({
      bundle: compiled.hash,
      tenant,
    });
    expect(cloudflare.requests.filter((r) => r.path.endsWith("/bulk")).length).toBeGreaterThan(0);
  });

  it("splits bulk writes at 10,000 keys and deletes in bulk", async () => {
    cloudflare.requests.length = 0;
    const entries = Array.from({ length: 10_001 }, (_, i) => [`k/${i}`, `v${i}`] as const);
    await publisher().putMany(entries);
    expect(cloudflare.requests.map((r) => `${r.method} ${r.path.split("/").at(-1)}`)).toEqual([
      "PUT bulk",
      "PUT bulk",
    ]);
    expect(cloudflare.values.get("k/10000")?.toString()).toBe("v10000");
    await publisher().deleteMany(entries.map(([key]) => key));
    expect(cloudflare.values.has("k/0")).toBe(false);
  });

  it("encodes keys in the URL of single writes", async () => {
    await publisher().put("did/+46 8/x", "one");
    expect(cloudflare.requests.at(-1)?.path).toContain("/values/did%2F%2B46%208%2Fx");
    expect(cloudflare.values.get("did/+46 8/x")?.toString()).toBe("one");
    await publisher().delete("did/+46 8/x");
    expect(cloudflare.values.has("did/+46 8/x")).toBe(false);
  });

  it("retries rate limits and server errors, then gives up naming Cloudflare's error", async () => {
    cloudflare.failNext(2, 429);
    await publisher().put("retried", "yes");
    expect(cloudflare.values.get("retried")?.toString()).toBe("yes");

    cloudflare.failNext(3, 503);
    await expect(publisher().put("lost", "no")).rejects.toThrow(
      /503 10013 simulated failure \(after 3 attempts\)/,
    );
  });

  it("fails at once on a bad token, and the publish says why and keeps the previous version", async () => {
    const { tenant, number } = fresh();
    const good = controlPlane(database, publisher());
    await good.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    await good.publish(tenant, {});
    await good.upload(tenant, pbxSource({ tenant, numbers: [number(1)], greeting: "v2" }));

    const denied = controlPlane(
      database,
      cloudflareKvPublisher({ ...account, apiToken: "wrong", baseUrl: cloudflare.baseUrl }),
    );
    const res = await denied.call("POST", `/v1/rulesets/${tenant}/main/publish`, {
      token: await operator(),
      body: {},
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toContain("403 10000 Authentication error");
    expect(res.json.error.message).toContain("version 1 stays active");
    expect(
      JSON.parse(cloudflare.values.get(`did/${number(1)}`)?.toString() ?? "null"),
    ).toMatchObject({ version: 1 });
  });

  it("is configured by CLOUDFLARE_* variables: all, or none", () => {
    expect(cloudflareKvPublisherFromEnv({})).toBeNull();
    expect(() => cloudflareKvPublisherFromEnv({ CLOUDFLARE_ACCOUNT_ID: "a" })).toThrow(
      "set CLOUDFLARE_KV_NAMESPACE_ID and CLOUDFLARE_API_TOKEN too",
    );
    const env = {
      CLOUDFLARE_ACCOUNT_ID: "a",
      CLOUDFLARE_KV_NAMESPACE_ID: "n",
      CLOUDFLARE_API_TOKEN: "t",
    };
    expect(cloudflareKvPublisherFromEnv(env)).not.toBeNull();
  });
});
