// A provider (the florist's shop), in a real browser: sets up its profile, creates and
// publishes an opening, sees where it ranks, funds a campaign and rises into the sponsored
// slot; shoppers search, click and send a request at the edge; the provider watches the
// impressions, clicks, requests and spend arrive in its charts, then pauses the campaign.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRuleFile } from "../../local/publish-rules.ts";
import { repoRoot, type Stack, startStack } from "../../local/stack.ts";
import { searchFlorists, shopper, track as trackAt } from "../shopper.ts";
import { type Browser, eventually, openBrowser } from "./browser.ts";

const carrier = { id: "shop-carrier", secret: "shop-carrier-secret" };

let stack: Stack;
let browser: Browser;
let opening = "";

// biome-ignore lint/suspicious/noExplicitAny: the test reads answers as JSON
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(new URL(path, stack.controlUrl), {
    method,
    headers: {
      authorization: `Bearer ${stack.operatorToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "shop-jwt-secret",
    stateSecret: "shop-state-secret",
    trackingSecret: "shop-tracking-secret",
    devUsers: true,
  });
  // The operator's part: Sweden, the florist category and its Ranking, and a competitor.
  for (const file of ["rules/countries/se.yaml", "rules/ranking/se-florist.yaml"]) {
    await publishRuleFile(stack.controlUrl, stack.operatorToken, join(repoRoot, file));
  }
  await api("PUT", "/v1/categories/florist", { name: "Florists" });
  await api("PUT", "/v1/providers/rosendal", {
    name: "Rosendal",
    country: "SE",
    rating: 4.9,
    responseRate: 0.98,
  });
  const rival = await api("POST", "/v1/providers/rosendal/openings", {
    category: "florist",
    title: "Roses by the dozen",
    description: "Fresh roses from our own greenhouse, bound while you wait.",
    lat: 59.333,
    lon: 18.066,
    radiusKm: 10,
    priceMinor: 30_000,
    mediaUrl: null,
  });
  await api("POST", `/v1/providers/rosendal/openings/${rival.id}/publish`);
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const app = (path: string) => new URL(path, stack.controlUrl).toString();

const search = () => searchFlorists(stack);

const track = (body: Record<string, unknown>) => trackAt(stack, body);

describe("provider journey", () => {
  it("signs in and sets up the provider profile", async () => {
    const { page } = browser;
    await page.goto(app("/app"));
    await page.getByLabel("Email").fill("provider@florist.local");
    await page.getByLabel("Password").fill("switchboard-dev");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Set up your provider profile" }).waitFor();
    await page.getByLabel("Name").fill("Blomsterhörnan");
    await page.getByLabel("Country").selectOption("SE");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("heading", { name: "Blomsterhörnan" }).waitFor();
    expect(await page.locator(".lead").textContent()).toContain("prices in SEK");
  });

  it("creates an opening, publishes it, and sees it rank below the competitor", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "New opening" }).click();
    await page.getByLabel("Category").selectOption("florist");
    await page.getByLabel("Title").fill("Red roses bouquet");
    await page
      .getByLabel("Description")
      .fill("Twenty red roses, hand-tied, delivered across Stockholm within two hours.");
    await page.getByLabel("Latitude").fill("59.345");
    await page.getByLabel("Longitude").fill("18.05");
    await page.getByLabel("Service radius (km)").fill("15");
    await page.getByLabel("Price from (SEK)").fill("450");
    await page.getByLabel("Picture (https URL, optional)").fill("https://cdn.example/roses.jpg");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/openings\/op_/);
    opening = page.url().split("/").at(-1) ?? "";
    expect(await page.locator(".lead .badge").first().textContent()).toBe("draft");

    await page.getByRole("button", { name: "Publish" }).click();
    expect(await page.getByRole("status").first().textContent()).toContain(
      "Published: the opening is in search.",
    );

    await page.getByLabel("Search words").fill("roses");
    await page.getByLabel("Searcher's latitude").fill(String(shopper.lat));
    await page.getByLabel("Searcher's longitude").fill(String(shopper.lon));
    await page.getByRole("button", { name: "Preview ranking" }).click();
    const verdict = await page.locator(".preview-verdict").textContent();
    expect(verdict).toMatch(/This opening ranks #2 of 2 matching\./);
    await browser.screenshot("provider-01-opening-ranks-second");
  });

  it("funds a campaign and rises into the sponsored slot", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Fund a campaign" }).click();
    await page.getByLabel("Name (optional)").fill("Roses this week");
    await page.getByLabel("Daily budget (SEK)").fill("5");
    await page.getByLabel("Total budget (SEK)").fill("5");
    await page.getByLabel("Bid per click (SEK)").fill("3");
    await page.getByRole("button", { name: "Start campaign" }).click();
    await page.waitForURL(/\/campaigns\/cmp_/);
    expect(await page.getByRole("status").first().textContent()).toContain(
      "Campaign started: Serving.",
    );

    await page.getByRole("link", { name: "the opening" }).click();
    await page.getByLabel("Search words").fill("roses");
    await page.getByLabel("Searcher's latitude").fill(String(shopper.lat));
    await page.getByLabel("Searcher's longitude").fill(String(shopper.lon));
    await page.getByRole("button", { name: "Preview ranking" }).click();
    expect(await page.locator(".preview-verdict").textContent()).toContain(
      "This opening ranks #1 (sponsored)",
    );
    await browser.screenshot("provider-02-sponsored-first");
  });

  it("shoppers find it at the edge, click and send a request", async () => {
    const answer = await eventually(search, (a) =>
      a.results.some((r) => r.opening === opening && r.sponsored),
    );
    const ours = answer.results.find((r) => r.opening === opening);
    expect(ours).toMatchObject({ position: 1, sponsored: true });
    await track({ token: ours?.token, type: "click" });
    await track({ token: ours?.token, type: "request", valueMinor: 45_000 });
    // The edge's events reach the control plane through the queue; the search's impressions
    // travel in a batch of their own, so wait for them too.
    const report = await eventually(
      () => api("GET", `/v1/providers/florist/reports/campaigns`),
      (r) => r.totals.clicks === 1 && r.totals.requests === 1 && r.totals.impressions > 0,
    );
    expect(report.totals.spendMinor).toBeGreaterThan(0);
  });

  it("watches impressions, clicks, requests and spend in the charts, and pauses", async () => {
    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Marketplace" }).click();
    await page.getByRole("link", { name: "Roses this week" }).click();
    await page.waitForURL(/\/campaigns\/cmp_/);
    // Marketplace days are the provider's country's local days (SE: Stockholm), not UTC: from
    // 23:00 UTC in winter the charts' today is already tomorrow's UTC date.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Stockholm" }).format(
      new Date(),
    );
    const value = async (chart: string) => {
      const figure = page.locator("figure.chart", { hasText: chart });
      await figure.locator("summary").click();
      const row = figure.getByRole("row", { name: new RegExp(today) });
      return (await row.locator("td").last().textContent()) ?? "";
    };
    expect(Number(await value("Impressions per day"))).toBeGreaterThan(0);
    expect(await value("Clicks per day")).toBe("1");
    expect(await value("Requests per day")).toBe("1");
    expect(Number(await value("Spend per day"))).toBeGreaterThan(0);
    const spent = page.locator(".stats div", { hasText: "Spent" }).first();
    expect(await spent.locator("dd").textContent()).toMatch(/^\d+\.\d\d SEK$/);
    await browser.screenshot("provider-03-campaign-charts");

    await page.getByRole("button", { name: "Pause" }).click();
    expect(await page.getByRole("status").first().textContent()).toContain("Paused");
    expect(await page.locator(".lead .badge").textContent()).toBe("paused");
    const paused = await api("GET", "/v1/providers/florist/campaigns");
    expect(paused.campaigns[0]).toMatchObject({ status: "paused", delivery: "paused" });

    await nav.getByRole("link", { name: "Marketplace" }).click();
    const results = page.getByRole("region", { name: "Results" });
    expect(await results.locator(".stats dd").first().textContent()).not.toBe("0");
    await browser.screenshot("provider-04-overview");
  });
});
