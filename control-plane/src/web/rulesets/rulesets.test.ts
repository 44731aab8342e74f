// The rule-set pages without JavaScript: every form posts and answers a page.
import { beforeAll, describe, expect, it } from "vitest";
import { pbxSource, pglite, token, useControlPlane } from "../../../test/harness.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";

const tenant = "florist";
const base = `/app/tenants/${tenant}/rulesets/main`;
const v1 = pbxSource({ tenant, numbers: ["+46811112222"] });
const v2 = pbxSource({ tenant, numbers: ["+46811112222"], greeting: "Hej hej" });

describe("rule set pages", () => {
  const suite = useControlPlane(pglite);
  const admin = webClient({ request: (input, init) => suite.cp.app.request(input, init) });
  beforeAll(async () => {
    await seedDevUsers(suite.database.db);
    await admin.login("admin@florist.local");
  });

  it("starts a new rule set from a draft that compiles, with its call flow", async () => {
    const start = await admin.post(`/app/tenants/${tenant}/rulesets`, { name: "main" });
    expect(start).toMatchObject({ status: 303, location: `${base}/edit` });
    const editor = await admin.get(`${base}/edit`);
    expect(editor.status).toBe(200);
    expect(textOf(editor.html)).toContain("A new rule set");
    expect(textOf(editor.html)).toContain("No problems found.");
    expect(editor.html).toContain("<svg");
    // A name that is not a slug never reaches the editor.
    const bad = await admin.post(`/app/tenants/${tenant}/rulesets`, { name: "Main Line" });
    expect(bad.location).toBe(`/app/tenants/${tenant}`);
  });

  it("checks a draft without storing it: the error is shown at its line", async () => {
    const broken = v1.replace("entry: welcome", "entry: welcom");
    const page = await admin.post(`${base}/edit`, {
      source: broken,
      scenarios: "",
      intent: "check",
    });
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain("1 error, 0 warnings.");
    expect(text).toMatch(/line 11:\d+ error SB3001 unknown node "welcom"/);
    // The editor marks line 11 in its gutter and keeps the draft as typed.
    expect(page.html).toMatch(
      /<span class="mark error" title="unknown node &quot;welcom&quot;[^"]*">11/,
    );
    expect(page.html).toContain("entry: welcom\n");
    const versions = await suite.cp.call("GET", "/v1/rulesets/florist/main/versions", {
      token: await token({ sub: "t", role: "pbx_admin", tenant }),
    });
    expect(versions.status).toBe(404);
  });

  it("runs scenarios against the draft and reports the failing step", async () => {
    const scenarios = [
      'defaults: { from: "+46701112233" }',
      "scenarios:",
      "  - name: greets",
      "    steps:",
      "      - event: start",
      "        expect: { node: welcome, done: false }",
      "",
    ].join("\n");
    const page = await admin.post(`${base}/edit`, { source: v1, scenarios, intent: "check" });
    const text = textOf(page.html);
    expect(text).toContain("1 scenario: 0 passed, 1 failed.");
    expect(text).toContain("greets");
    expect(text).toMatch(/Step 1, start \(\s*scenario line 5\s*\)/);
    expect(text).toContain("done: expected false, got true");
  });

  it("saves versions, and an unchanged file is not a new version", async () => {
    const first = await admin.post(`${base}/edit`, { source: v1, scenarios: "", intent: "save" });
    expect(first).toMatchObject({ status: 303, location: base });
    const page = await admin.get(base);
    expect(textOf(page.html)).toContain(
      "Stored as version 1. It is not live until you publish it.",
    );
    const second = await admin.post(`${base}/edit`, { source: v2, newest: "1", intent: "save" });
    expect(second.status).toBe(303);
    expect(textOf((await admin.get(base)).html)).toContain("Stored as version 2");
    await admin.post(`${base}/edit`, { source: v2, newest: "2", intent: "save" });
    expect(textOf((await admin.get(base)).html)).toContain("Nothing changed");
  });

  it("refuses to save a broken file, showing the API's diagnostics", async () => {
    const broken = v2.replace("language: sv-SE", "language: [sv-SE");
    const page = await admin.post(`${base}/edit`, { source: broken, newest: "2", intent: "save" });
    expect(page.status).toBe(422);
    expect(textOf(page.html)).toContain("the rule file has 1 error(s)");
    expect(textOf(page.html)).toMatch(/line \d+:\d+ error SB1001/);
  });

  it("publishes only after confirmation, which shows the diff", async () => {
    const ask = await admin.post(`${base}/rollout`, { action: "publish", version: "1" });
    expect(ask.status).toBe(200);
    expect(textOf(ask.html)).toContain("Publish version 1?");
    expect(textOf(ask.html)).toContain("Every new call to +46811112222 will run version 1.");
    expect(await suite.edge.pointer("+46811112222")).toBeNull();

    const done = await admin.post(`${base}/rollout`, {
      action: "publish",
      version: "1",
      confirm: "yes",
    });
    expect(done).toMatchObject({ status: 303, location: base });
    expect(await suite.edge.pointer("+46811112222")).toMatchObject({ version: 1, canary: null });

    const canary = await admin.post(`${base}/rollout`, { action: "canary", version: "2" });
    const text = textOf(canary.html);
    expect(text).toContain("Start a canary of version 2?");
    expect(text).toContain("Changes from the active version 1 to version 2");
    expect(canary.html).toContain('class="diff-line added"');
    const tooMuch = await admin.post(`${base}/rollout`, {
      action: "canary",
      version: "2",
      percent: "100",
      confirm: "yes",
    });
    expect(tooMuch.status).toBe(422);
    expect(textOf(tooMuch.html)).toContain("A canary takes 1 to 99 percent of new calls.");
    await admin.post(`${base}/rollout`, {
      action: "canary",
      version: "2",
      percent: "25",
      confirm: "yes",
    });
    expect(await suite.edge.pointer("+46811112222")).toMatchObject({
      version: 1,
      canary: { version: 2, percent: 25 },
    });
    const live = textOf((await admin.get(base)).html);
    expect(live).toContain("Canary of v2 started at 25 %.");
    expect(live).toContain("v2 · 25 %");

    await admin.post(`${base}/rollout`, { action: "rollback", version: "1", confirm: "yes" });
    expect(await suite.edge.pointer("+46811112222")).toMatchObject({ version: 1, canary: null });
    expect(textOf((await admin.get(base)).html)).toContain("Canary stopped.");
  });

  it("shows a version's file and the diff between two versions", async () => {
    const version = await admin.get(`${base}/versions/2`);
    expect(textOf(version.html)).toContain("Version 2");
    expect(version.html).toContain('id="source-L1"');
    const diff = await admin.get(`${base}/diff?from=1&to=2`);
    expect(diff.html).toContain(
      '<span class="diff-line removed">-      prompt: { tts: &quot;Hello&quot; }',
    );
    expect(diff.html).toContain(
      '<span class="diff-line added">+      prompt: { tts: &quot;Hej hej&quot; }',
    );
  });

  it("shows another tenant's rule sets to nobody but operators", async () => {
    const other = webClient({ request: (input, init) => suite.cp.app.request(input, init) });
    await other.post("/app/login/token", {
      token: await token({ sub: "x@acme", role: "pbx_admin", tenant: "acme" }),
    });
    for (const path of [`/app/tenants/${tenant}`, base, `${base}/edit`, `${base}/versions/1`]) {
      const page = await other.get(path);
      expect(page.status, path).toBe(403);
      expect(textOf(page.html)).toContain("Not allowed");
      expect(page.html).not.toContain("Hej hej");
    }
    const provider = webClient({ request: (input, init) => suite.cp.app.request(input, init) });
    await provider.login("provider@florist.local");
    expect((await provider.get(base)).status).toBe(403);
    expect((await provider.get(`/app/tenants/${tenant}`)).location).toBe("/app/providers/florist");
  });
});
