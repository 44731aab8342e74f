// A carrier's calls on the edge become the PBX admin's and the operator's reports in the
// control plane: the edge's EVENTS queue is consumed by the local event forwarder
// (local/event-forwarder.ts), which posts each batch to POST /v1/events:batch.
import { join } from "node:path";
import { controlPlaneClient } from "@switchboard/control-plane/client";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { publishRuleFile } from "../local/publish-rules.ts";
import { repoRoot, type Stack, startStack } from "../local/stack.ts";
import { callShop, open } from "./florist.ts";

const carrier = { id: "e2e-reports", secret: "e2e-reports-secret" };

let stack: Stack;
let hash: string;
beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "e2e-reports-jwt",
    stateSecret: "e2e-reports-state",
  });
  const file = join(repoRoot, "rules/examples/florist.yaml");
  ({ hash } = await publishRuleFile(stack.controlUrl, stack.operatorToken, file));
});
afterAll(() => stack?.close());

const call = (callId: string, event: object, extra: Record<string, unknown> = {}) =>
  callShop(stack, carrier, callId, event, { timestamp: open, ...extra });

it("reports the calls made on the edge, each decision once", { timeout: 90_000 }, async () => {
  // Until the edge reads the new pointer (≤ 2 s) a call is refused; it is still a carrier's call.
  let starts = 0;
  let menu = await call("c-report-0", { type: "start" });
  for (starts = 1; menu.json.meta.bundle !== hash; starts++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    menu = await call(`c-report-${starts}`, { type: "start" });
  }
  expect(menu.json.meta.node).toBe("main_menu");
  const shop = await call(
    menu.json.callId,
    { type: "digits", digits: "1" },
    {
      state: menu.json.state,
    },
  );
  expect(shop.json.meta.node).toBe("shop");

  // Events are stamped when the edge decided (UTC), not with the webhook's timestamp.
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const range = { from: yesterday, to: today };

  const admin = controlPlaneClient(stack.controlUrl, { token: stack.operatorToken });
  await vi.waitFor(
    async () => {
      const res = await admin.v1.reports.calls.$get({ query: { tenant: "florist", ...range } });
      const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
      expect(rows).toEqual([
        { day: today, node: "main_menu", outcome: "gather", decisions: 1, calls: 1 },
        { day: today, node: "shop", outcome: "connect", decisions: 1, calls: 0 },
      ]);
    },
    { timeout: 60_000, interval: 250 },
  );

  // The operator's view per carrier also counts the calls refused before the publish landed.
  await vi.waitFor(
    async () => {
      const query = { carrier: carrier.id, ...range };
      const res = await admin.v1.reports.carriers.$get({ query });
      const { rows } = (await res.json()) as { rows: { calls: number; decisions: number }[] };
      expect(rows.reduce((n, row) => n + row.calls, 0)).toBe(starts);
      expect(rows.reduce((n, row) => n + row.decisions, 0)).toBe(starts + 1);
    },
    { timeout: 30_000, interval: 250 },
  );
});
