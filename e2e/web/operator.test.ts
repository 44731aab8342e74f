// An operator, in a real browser: signs in with the token `npm start` prints, checks the edge's
// health, rotates a carrier's secret (the carrier's webhooks keep working with the old and the
// new one) and enables a country from its rule file (the edge then connects its emergency
// numbers).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, type Stack, startStack } from "../../local/stack.ts";
import { postCall } from "../../local/webhook.ts";
import { type Browser, eventually, openBrowser } from "./browser.ts";

const carrier = { id: "op-carrier", secret: "op-carrier-first-secret" };
let rotated = "";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "op-jwt-secret",
    stateSecret: "op-state-secret",
  });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const app = (path: string) => new URL(path, stack.controlUrl).toString();

/** A call from a Norwegian mobile to 113 (medical emergency in Norway), signed with `secret`. */
function emergencyCall(secret: string, callId: string) {
  return postCall(
    stack.edgeUrl,
    { id: carrier.id, secret },
    {
      callId,
      kind: "mobile",
      from: "+4791234567",
      to: "113",
      direction: "outbound",
      event: { type: "start" },
    },
  );
}

describe("operator journey", () => {
  it("signs in with the operator token and sees the edge is ready", async () => {
    const { page } = browser;
    await page.goto(app("/app/login"));
    await page.getByText("Sign in with an access token").click();
    await page.getByLabel("Access token").fill(stack.operatorToken);
    await page.getByRole("button", { name: "Sign in with token" }).click();
    await page.waitForURL(/\/app\/operator$/);
    const edge = page.getByRole("region", { name: "Edge health" });
    expect(await edge.locator(".badge").textContent()).toBe("ready");
    const checks = await edge.locator(".checks li.ok").allTextContents();
    expect(checks.join("\n")).toMatch(/Edge store \(KV\) answers[\s\S]*Engine instantiates/);
    expect(await edge.locator(".checks li.failed").count()).toBe(0);
    await browser.screenshot("operator-01-overview");
  });

  it("rotates a carrier's secret; webhooks with the new and the previous secret both pass", async () => {
    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Carriers" }).click();
    await page.waitForURL(/\/app\/carriers$/);
    const row = page.getByRole("row", { name: new RegExp(carrier.id) });
    expect(await row.textContent()).toMatch(/op-carrier\s*1/);
    await row.getByRole("button", { name: `Rotate the secret of ${carrier.id}` }).click();
    const reveal = page.getByRole("region", { name: `New secret for ${carrier.id}` });
    rotated = ((await reveal.locator("#new-secret").textContent()) ?? "").trim();
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await page.getByRole("row", { name: new RegExp(carrier.id) }).textContent()).toContain(
      "2 (rotation in progress)",
    );
    await browser.screenshot("operator-02-secret-rotated");

    const withNew = await eventually(
      () => emergencyCall(rotated, "op-new-secret"),
      (answer) => answer.status === 200,
    );
    expect(withNew.status).toBe(200);
    expect((await emergencyCall(carrier.secret, "op-old-secret")).status).toBe(200);
    expect((await emergencyCall("not-the-secret", "op-wrong")).status).toBe(401);
  });

  it("enables Norway from its rule file; the edge then connects Norway's 113", async () => {
    const before = await emergencyCall(rotated, "op-before");
    expect(before.json.actions[0]?.type).not.toBe("connect");

    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Countries" }).click();
    await page.waitForURL(/\/app\/countries$/);
    await page
      .getByLabel("Country rule file")
      .setInputFiles(join(repoRoot, "rules/countries/no.yaml"));
    await page.getByRole("button", { name: "Upload and review" }).click();
    await page.waitForURL(/\/app\/countries\/NO$/);
    expect(await page.getByRole("status").first().textContent()).toContain(
      "Stored version 1 of NO",
    );
    await browser.screenshot("operator-03-country-stored");

    await page.getByRole("button", { name: "Enable NO (publish v1)…" }).click();
    await page.getByRole("heading", { name: "Publish version 1?" }).waitFor();
    await page.getByRole("button", { name: "Publish v1", exact: true }).click();
    await page.waitForURL(/\/app\/countries\/NO$/);
    expect(await page.getByRole("status").first().textContent()).toContain("v1 active");

    await nav.getByRole("link", { name: "Countries" }).click();
    const enabled = page.getByRole("table", { name: "Enabled countries" });
    expect(await enabled.getByRole("row", { name: /NO/ }).textContent()).toContain("+47");
    await browser.screenshot("operator-04-country-enabled");

    const after = await eventually(
      () => emergencyCall(rotated, `op-after-${Date.now()}`),
      (answer) => answer.json.actions[0]?.type === "connect",
    );
    expect(after.json.actions[0]).toMatchObject({ type: "connect", to: ["113"] });
    expect(after.json.meta).toMatchObject({ fallback: false, reason: "emergency" });
  });

  it("sees a rule error in a country file at its line, and keeps what was live", async () => {
    const { page } = browser;
    const broken = readFileSync(join(repoRoot, "rules/countries/no.yaml"), "utf8").replace(
      'callingCode: "47"',
      "callingCode: 47x",
    );
    await page.getByLabel("Or paste the file").fill(broken);
    await page.getByRole("button", { name: "Upload and review" }).click();
    const problem = page.locator(".diagnostic.error").first();
    const line = broken.split("\n").findIndex((l) => l.includes("callingCode")) + 1;
    expect(await problem.locator("a.jump").textContent()).toMatch(new RegExp(`^line ${line}:`));
    const enabled = page.getByRole("table", { name: "Enabled countries" });
    expect(await enabled.getByRole("row", { name: /NO/ }).count()).toBe(1);
  });
});
