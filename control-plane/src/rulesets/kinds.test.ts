import { describe, expect, it } from "vitest";
import {
  countrySource,
  databaseTargets,
  fresh,
  mobilePlanSource,
  operator,
  pbxSource,
  token,
  useControlPlane,
} from "../../test/harness.ts";

describe.each(databaseTargets)("publishing each kind on $name", (target) => {
  const suite = useControlPlane(target);
  const api = async () => suite.cp.client(await operator()).v1;

  it("publishes a MobilePlan to plan/<tenant>, rolls it back, and refuses a canary", async () => {
    const { tenant } = fresh();
    const v1 = await suite.cp.upload(tenant, mobilePlanSource({ tenant }), "plan");
    const v2 = await suite.cp.upload(tenant, mobilePlanSource({ tenant, noAnswer: 30 }), "plan");
    const rulesets = (await api()).rulesets[":tenant"][":name"];
    const param = { tenant, name: "plan" };

    expect((await rulesets.publish.$post({ param, json: { version: 1 } })).status).toBe(200);
    expect(await suite.edge.json(`plan/${tenant}`)).toEqual({ bundle: v1.hash });
    expect(await suite.edge.bundle(v1.hash)).not.toBeNull();

    await rulesets.publish.$post({ param, json: {} });
    expect(await suite.edge.json(`plan/${tenant}`)).toEqual({ bundle: v2.hash });
    const back = await rulesets.rollback.$post({ param, json: { version: 1 } });
    expect(await back.json()).toEqual({ active: { version: 1, hash: v1.hash }, canary: null });
    expect(await suite.edge.json(`plan/${tenant}`)).toEqual({ bundle: v1.hash });

    const canary = await rulesets.publish.$post({ param, json: { version: 2, canaryPercent: 10 } });
    expect(canary.status).toBe(422);
    expect(await canary.json()).toMatchObject({ error: { code: "canary_unsupported" } });
  });

  it("keeps one MobilePlan per tenant: a second plan's publish is refused with 409", async () => {
    const { tenant } = fresh();
    await suite.cp.upload(tenant, mobilePlanSource({ tenant }), "plan");
    expect((await suite.cp.publish(tenant, {}, "plan")).status).toBe(200);
    await suite.cp.upload(tenant, mobilePlanSource({ tenant, name: "other" }), "other");
    const res = await suite.cp.publish(tenant, {}, "other");
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "pointer_claimed" });
    expect(res.json.error.message).toContain(`plan/${tenant} (rule set "plan")`);
  });

  it("enables a country: country/<CC> and the country-index, operators only", async () => {
    const yaml = countrySource({ code: "XA", callingCode: "991" });
    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "acme" });
    const denied = await suite.cp.call("PUT", "/v1/countries/XA", { token: admin, yaml });
    expect(denied).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });

    const v1 = await suite.cp.upload("_countries", yaml, "XA");
    const countries = (await api()).countries[":code"];
    expect((await countries.publish.$post({ param: { code: "xa" }, json: {} })).status).toBe(200);
    expect(await suite.edge.json("country/XA")).toEqual({ bundle: v1.hash });
    expect(await suite.edge.json("country-index")).toMatchObject({ "991": "XA" });

    const v2 = await suite.cp.upload(
      "_countries",
      countrySource({ code: "XA", callingCode: "991", emergency: "911" }),
      "XA",
    );
    await countries.publish.$post({ param: { code: "XA" }, json: {} });
    expect(await suite.edge.json("country/XA")).toEqual({ bundle: v2.hash });
    await countries.rollback.$post({ param: { code: "XA" }, json: { version: 1 } });
    expect(await suite.edge.json("country/XA")).toEqual({ bundle: v1.hash });

    const list = await (await api()).countries.$get();
    expect(await list.json()).toMatchObject({
      countries: [{ code: "XA", callingCode: "991", hash: v1.hash }],
    });
  });

  it("refuses a second country with a calling code already in the index", async () => {
    await suite.cp.upload("_countries", countrySource({ code: "XB", callingCode: "992" }), "XB");
    expect((await suite.cp.publish("_countries", {}, "XB")).status).toBe(200);
    await suite.cp.upload("_countries", countrySource({ code: "XC", callingCode: "992" }), "XC");
    const res = await suite.cp.publish("_countries", {}, "XC");
    expect(res).toMatchObject({ status: 409, json: { error: { code: "calling_code_taken" } } });
    expect(await suite.edge.json("country/XC")).toBeNull();
    expect(await suite.edge.json("country-index")).toMatchObject({ "992": "XB" });
  });

  it("sends each kind to its own route and keeps a rule set's kind", async () => {
    const { tenant, number } = fresh();
    const country = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/xd`, {
      token: await operator(),
      yaml: countrySource({ code: "XD", callingCode: "993" }),
    });
    expect(country.status).toBe(422);
    expect(country.json.diagnostics[0]).toMatchObject({ code: "unsupported_kind", line: 2 });
    expect(country.json.diagnostics[0].hint).toContain("/v1/countries/XD");

    await suite.cp.upload(
      tenant,
      pbxSource({ tenant, name: "plan", numbers: [number(1)] }),
      "plan",
    );
    const plan = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/plan`, {
      token: await operator(),
      yaml: mobilePlanSource({ tenant }),
    });
    expect(plan).toMatchObject({ status: 409, json: { error: { code: "kind_changed" } } });
  });

  // Ranking publishing (pointers with snapshots) is tested in marketplace/snapshot/.
  it.each(["MobilePlan", "Country"])(
    "keeps the previous %s active when the pointer write fails",
    async (kind) => {
      const { tenant } = fresh();
      const id = tenant.slice(-4);
      const code = `Y${String.fromCharCode(65 + (Number(id) % 26))}`;
      const kinds: Record<
        string,
        { owner: string; name: string; key: string; source(v: number): string }
      > = {
        MobilePlan: {
          owner: tenant,
          name: "plan",
          key: `plan/${tenant}`,
          source: (v) => mobilePlanSource({ tenant, noAnswer: 20 + v }),
        },
        Country: {
          owner: "_countries",
          name: code,
          key: `country/${code}`,
          source: (v) =>
            countrySource({ code, callingCode: `8${id.slice(-2)}`, emergency: `11${v}` }),
        },
      };
      const { owner, name, key, source } = kinds[kind] as (typeof kinds)[string];
      const v1 = await suite.cp.upload(owner, source(1), name);
      expect((await suite.cp.publish(owner, {}, name)).status).toBe(200);
      await suite.cp.upload(owner, source(2), name);

      const flaky = suite.failing((k) => k === key);
      const path =
        owner === "_countries" ? `/v1/countries/${name}` : `/v1/rulesets/${owner}/${name}`;
      const res = await flaky.call("POST", `${path}/publish`, {
        token: await operator(),
        body: {},
      });
      expect(res).toMatchObject({ status: 502, json: { error: { code: "publish_failed" } } });
      expect(res.json.error.message).toContain("version 1 stays active");
      expect(await suite.edge.json(key)).toEqual({ bundle: v1.hash });
      const versions = await suite.cp.call("GET", `${path}/versions`, { token: await operator() });
      expect(versions.json.versions.find((v: { active: boolean }) => v.active).version).toBe(1);
    },
  );
});
