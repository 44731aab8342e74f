import { describe, expect, it } from "vitest";
import { databaseTargets, operator, token, useControlPlane } from "../../test/harness.ts";

describe.each(databaseTargets)("carriers on $name", (target) => {
  const suite = useControlPlane(target);

  const setSecret = async (carrierId: string, secret: string) =>
    suite.cp.call("PUT", `/v1/carriers/${carrierId}`, {
      token: await operator(),
      body: { secret },
    });
  const published = (carrierId: string) => suite.edge.kv.get(`carrier/${carrierId}`, "json");

  it("creates a carrier and keeps the previous secret active through a rotation", async () => {
    expect(await setSecret("telia", "first-secret")).toEqual({
      status: 201,
      json: { carrierId: "telia", activeSecrets: 1 },
    });
    expect(await published("telia")).toEqual({ secrets: ["first-secret"] });

    expect((await setSecret("telia", "second-secret")).status).toBe(200);
    expect(await published("telia")).toEqual({ secrets: ["second-secret", "first-secret"] });

    const third = await setSecret("telia", "third-secret");
    expect(third.json.activeSecrets).toBe(2);
    expect(await published("telia")).toEqual({ secrets: ["third-secret", "second-secret"] });
  });

  it("allows only operators and refuses a short secret with 422", async () => {
    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "acme" });
    const res = await suite.cp.call("PUT", "/v1/carriers/tele2", {
      token: admin,
      body: { secret: "long-enough" },
    });
    expect(res).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });

    const short = await setSecret("tele2", "short");
    expect(short).toMatchObject({ status: 422, json: { error: { code: "invalid_request" } } });
    expect(short.json.error.message).toContain("at least 8 characters");
    expect(await published("tele2")).toBeNull();
  });

  it("lists carriers with their active secret count, never the secrets", async () => {
    await setSecret("list-a", "secret-number-1");
    await setSecret("list-a", "secret-number-2");
    const res = await suite.cp.client(await operator()).v1.carriers.$get();
    expect(res.status).toBe(200);
    const { carriers } = await res.json();
    const a = carriers.find((c) => c.carrierId === "list-a");
    expect(a).toMatchObject({ carrierId: "list-a", activeSecrets: 2 });
    expect(Date.parse(a?.rotatedAt ?? "")).toBeGreaterThan(0);
    expect(JSON.stringify(carriers)).not.toContain("secret-number");

    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "acme" });
    expect((await suite.cp.client(admin).v1.carriers.$get()).status).toBe(403);
  });
});
