// The provider's pages without JavaScript: forms answer with the API's complaint at the field.
import { beforeAll, describe, expect, it } from "vitest";
import { countrySource, operator, pglite, useControlPlane } from "../../../test/harness.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";
import { formatMoney, parseMoney } from "./money.ts";

describe("money on the pages", () => {
  it("reads amounts in major units and writes them back", () => {
    expect(["450", "449.5", "449,50", "1 200", "0.01"].map(parseMoney)).toEqual([
      45_000, 44_950, 44_950, 120_000, 1,
    ]);
    expect(["", "4.505", "-3", "abc", undefined].map(parseMoney)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(formatMoney(44_950, "SEK")).toBe("449.50 SEK");
  });
});

describe("provider pages", () => {
  const suite = useControlPlane(pglite);
  const web = () => webClient({ request: (input, init) => suite.cp.app.request(input, init) });
  const shop = web();
  const base = "/app/providers/florist";
  beforeAll(async () => {
    await seedDevUsers(suite.database.db);
    await shop.login("provider@florist.local");
  });

  it("asks a new provider for its profile, and says when its country is not enabled", async () => {
    const home = await shop.get("/app");
    expect(home.location).toBe(base);
    expect(textOf((await shop.get(base)).html)).toContain("Set up your provider profile");
    const refused = await shop.post(base, { name: "Blomsterhörnan", country: "QZ" });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain("country QZ is not enabled");

    const token = await operator();
    await suite.cp.call("PUT", "/v1/countries/QZ", {
      token,
      yaml: countrySource({ code: "QZ", callingCode: "969" }),
    });
    await suite.cp.call("POST", "/v1/countries/QZ/publish", { token, body: {} });
    await suite.cp.call("PUT", "/v1/categories/florist", { token, body: { name: "Florists" } });
    const saved = await shop.post(base, { name: "Blomsterhörnan", country: "QZ" });
    expect(saved).toMatchObject({ status: 303, location: base });
    expect(textOf((await shop.get(base)).html)).toContain("No openings yet");
  });

  it("keeps a refused opening's fields, with each problem at its field", async () => {
    const fields = {
      category: "florist",
      title: "Ro",
      description: "",
      lat: "59.3",
      lon: "18.0",
      radiusKm: "10",
      price: "4.505",
      mediaUrl: "",
    };
    const own = await shop.post(`${base}/openings`, fields);
    expect(own.status).toBe(422);
    expect(own.html).toContain('<p class="field-error" id="price-error">');
    const api = await shop.post(`${base}/openings`, { ...fields, price: "450" });
    expect(api.status).toBe(422);
    expect(api.html).toMatch(/id="title-error">give a title of at least 3 characters</);
    expect(api.html).toContain('value="Ro"');

    const made = await shop.post(`${base}/openings`, { ...fields, title: "Roses", price: "450" });
    expect(made.status, textOf(made.html)).toBe(303);
    const page = textOf((await shop.get(made.location ?? "")).html);
    expect(page).toContain("Draft saved. Publish it to appear in search.");
    const preview = textOf((await shop.get(`${made.location}?preview=1&q=roses`)).html);
    expect(preview).toContain("Not searched: the opening is draft: publish it to be searched");
  });

  it("ends the results' default range on the provider's own today, not UTC's", async () => {
    // A zone whose date differs from UTC's at this hour, so the test can tell the two apart.
    const timezone = new Date().getUTCHours() >= 11 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
    const token = await operator();
    await suite.cp.call("PUT", "/v1/countries/QX", {
      token,
      yaml: countrySource({ code: "QX", callingCode: "968", timezone }),
    });
    await suite.cp.call("POST", "/v1/countries/QX/publish", { token, body: {} });
    const created = await suite.cp.call("POST", "/v1/users", {
      token,
      body: { email: "shop@far.local", password: "far-away-shop", role: "provider", tenant: "far" },
    });
    expect(created.status).toBe(201);
    const far = web();
    await far.login("shop@far.local", "far-away-shop");
    const home = "/app/providers/far";
    expect(await far.post(home, { name: "Far Away Flowers", country: "QX" })).toMatchObject({
      status: 303,
    });
    const page = (await far.get(home)).html;
    const localToday = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(new Date());
    expect(localToday).not.toBe(new Date().toISOString().slice(0, 10));
    expect(page).toContain(`name="to" value="${localToday}"`);
  });

  it("keeps PBX admins out of the marketplace pages", async () => {
    const admin = web();
    await admin.login("admin@florist.local");
    expect((await admin.get(base)).status).toBe(403);
    expect((await admin.post(`${base}/openings`, { title: "x" })).status).toBe(403);
  });
});
