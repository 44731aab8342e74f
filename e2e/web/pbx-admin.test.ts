// A PBX admin, in a real browser: signs in, finds a mistake in the florist's rule file at its
// line, fixes it there, sees the call flow and the scenarios pass, saves, publishes behind a
// confirmation, and a call through the edge then follows the new flow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRuleFile } from "../../local/publish-rules.ts";
import { repoRoot, type Stack, startStack } from "../../local/stack.ts";
import { callShop, open, shopNumber } from "../florist.ts";
import { type Browser, eventually, openBrowser } from "./browser.ts";

interface Row {
  node: string | null;
}

const carrier = { id: "web-carrier", secret: "web-carrier-secret" };
const floristFile = join(repoRoot, "rules/examples/florist.yaml");
const florist = readFileSync(floristFile, "utf8");
const scenarios = readFileSync(join(repoRoot, "rules/examples/florist.scenarios.yaml"), "utf8");
const newShopPhone = "+46701234599";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "web-jwt-secret",
    stateSecret: "web-state-secret",
    devUsers: true,
  });
  // What `npm start` does: the florist's rule file is live as version 1.
  await publishRuleFile(stack.controlUrl, stack.operatorToken, floristFile);
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const app = (path: string) => new URL(path, stack.controlUrl).toString();

function call(callId: string, event: object, extra: Record<string, unknown> = {}) {
  return callShop(stack, carrier, callId, event, extra);
}

describe("PBX admin journey", () => {
  it("signs in with email and password and sees the tenant's rule sets", async () => {
    const { page } = browser;
    await page.goto(app("/app"));
    await expect.poll(() => page.url()).toContain("/app/login");
    await page.getByLabel("Email").fill("admin@florist.local");
    await page.getByLabel("Password").fill("switchboard-dev");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/app\/tenants\/florist$/);
    const rulesets = page.getByRole("table", { name: "Rule sets of florist" });
    const row = rulesets.getByRole("row", { name: /florist/ });
    await expect.poll(() => row.textContent()).toContain("v1");
    await browser.screenshot("pbx-admin-01-rule-sets");
  });

  it("opens the rule set: what is live and its call flow", async () => {
    const { page } = browser;
    const rulesets = page.getByRole("table", { name: "Rule sets of florist" });
    await rulesets.getByRole("link", { name: "florist", exact: true }).click();
    await page.waitForURL(/\/rulesets\/florist$/);
    expect(await page.getByRole("heading", { name: "Live on the edge" }).isVisible()).toBe(true);
    const diagram = page.locator(".diagram-canvas svg");
    expect(await diagram.isVisible()).toBe(true);
    expect(await diagram.textContent()).toContain("+46701234567");
    await browser.screenshot("pbx-admin-02-rule-set");
  });

  it("sees a mistake at its line while typing, and fixes it there", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Edit rule file" }).click();
    await page.waitForURL(/\/edit$/);
    const editor = page.getByLabel("Rule file (YAML)");
    // The admin moves the shop to a new phone and mistypes a node name on the way.
    const draft = florist
      .replace('to: ["+46701234567"]', `to: ["${newShopPhone}"]`)
      .replace('"1": shop', '"1": shopp');
    await editor.fill(draft);
    const wrongLine = draft.split("\n").findIndex((l) => l.includes('"1": shopp')) + 1;
    const problem = page.locator(".diagnostic.error", { hasText: '"shopp"' });
    await problem.waitFor();
    const where = await problem.locator("a.jump").textContent();
    expect(where).toMatch(new RegExp(`^line ${wrongLine}:\\d+$`));
    // The line itself is marked in the editor's gutter.
    const gutter = page.locator("[data-editor=source] .code-gutter span").nth(wrongLine - 1);
    expect(await gutter.getAttribute("class")).toContain("error");
    expect(await page.locator("#check-summary").textContent()).toContain("1 error");
    await browser.screenshot("pbx-admin-03-error-at-its-line");

    // The diagnostic takes the caret to the mistake; the admin retypes the name.
    await problem.locator("a.jump").click();
    await browser.screenshot("pbx-admin-03b-caret-at-the-error", { fullPage: false });
    await page.keyboard.press("Shift+End");
    await page.keyboard.type("shop");
    await page.locator("#check-summary", { hasText: "No problems found." }).waitFor();
    expect(await editor.inputValue()).toBe(draft.replace('"1": shopp', '"1": shop'));
    expect(await gutter.getAttribute("class")).toBeNull();
    expect(await page.locator("#check-results .diagram-canvas svg").textContent()).toContain(
      newShopPhone,
    );
  });

  it("runs the scenarios against the draft on the engine", async () => {
    const { page } = browser;
    const box = page.getByLabel("Scenarios (optional)");
    await box.fill(scenarios);
    const results = page.locator("#check-results .scenario-results");
    // The florist's scenarios still expect the old phone: the draft breaks one of them.
    await page.locator("#check-results", { hasText: "1 failed" }).waitFor();
    expect(await results.locator("li.failed").first().textContent()).toContain(
      "open, 1 reaches the shop",
    );
    await box.fill(scenarios.replaceAll("+46701234567", newShopPhone));
    await page.locator("#check-results", { hasText: "passed, 0 failed" }).waitFor();
    expect(await results.locator("li.failed").count()).toBe(0);
    await browser.screenshot("pbx-admin-04-draft-checked");
  });

  it("saves version 2, and publishes it after reviewing the diff", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await page.waitForURL(/\/rulesets\/florist$/);
    expect(await page.getByRole("status").first().textContent()).toContain("Stored as version 2");

    await page.getByRole("button", { name: "Publish v2…" }).click();
    await page.getByRole("heading", { name: "Publish version 2?" }).waitFor();
    expect(await page.locator(".diff-line.removed", { hasText: "+46701234567" }).count()).toBe(1);
    expect(await page.locator(".diff-line.added", { hasText: newShopPhone }).count()).toBe(1);
    expect(await page.locator(".lead").textContent()).toContain(shopNumber);
    await browser.screenshot("pbx-admin-05-confirm-publish");

    await page.getByRole("button", { name: "Publish v2", exact: true }).click();
    await page.waitForURL(/\/rulesets\/florist$/);
    expect(await page.getByRole("status").first().textContent()).toContain(
      "Live on the edge: v2 active",
    );
    const active = page.locator(".live .badge.active");
    expect(await active.textContent()).toBe("v2");
    await browser.screenshot("pbx-admin-06-published");
  });

  it("a call through the edge now follows the new flow", async () => {
    const versions = await fetch(app("/v1/rulesets/florist/florist/versions"), {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    }).then((r) => r.json() as Promise<{ versions: { version: number; hash: string }[] }>);
    const v2 = versions.versions.find((v) => v.version === 2);
    expect(v2).toBeDefined();

    // The edge reads pointers at most once a second: wait until a new call lands on v2.
    let start: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 100 && start?.json.meta.bundle !== v2?.hash; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      start = await call(`web-${i}`, { type: "start" }, { timestamp: open });
    }
    expect(start?.json.meta).toMatchObject({ bundle: v2?.hash, node: "main_menu" });
    const callId = start?.json.callId ?? "";
    const digit = await call(callId, { type: "digits", digits: "1" }, { state: start?.json.state });
    expect(digit.json.meta.node).toBe("shop");
    expect(digit.json.actions).toEqual([
      expect.objectContaining({ type: "connect", to: [newShopPhone] }),
    ]);

    // The edge queues one event per decision; the stack forwards them to the control plane.
    const today = new Date().toISOString().slice(0, 10);
    const report = app(`/v1/reports/calls?tenant=florist&from=${today}&to=${today}`);
    const headers = { authorization: `Bearer ${stack.operatorToken}` };
    const calls = await eventually(
      () => fetch(report, { headers }).then((r) => r.json() as Promise<{ rows: Row[] }>),
      (answer) => answer.rows.some((r) => r.node === "shop"),
    );
    expect(calls.rows.some((r) => r.node === "shop")).toBe(true);
  });

  it("sees the call in the statistics", async () => {
    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Call statistics" }).click();
    await page.waitForURL(/\/stats$/);
    const today = new Date().toISOString().slice(0, 10);
    const calls = page.locator("figure.chart", { hasText: "Calls per day" });
    expect(await calls.locator("svg rect").count()).toBeGreaterThan(0);
    await calls.locator("summary").click();
    const row = calls.getByRole("row", { name: new RegExp(today) });
    expect(Number((await row.locator("td").last().textContent()) ?? 0)).toBeGreaterThan(0);
    // The digit "1" of the call above was answered from the shop: one answer, no call start.
    const nodes = page.getByRole("table", { name: /Calls and answers per node/ });
    expect(await nodes.getByRole("row", { name: /shop/ }).textContent()).toMatch(/shop\s*0\s*1$/);
    await browser.screenshot("pbx-admin-07-statistics");
  });
});
