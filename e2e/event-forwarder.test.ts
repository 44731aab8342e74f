// The local event forwarder (local/event-forwarder.ts): the edge's EVENTS queue, consumed in
// workerd and posted to a real control plane (in-memory PGlite) whose requests are recorded.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import {
  createControlPlane,
  issueToken,
  kvPublisher,
  openDatabase,
} from "@switchboard/control-plane";
import { controlPlaneClient } from "@switchboard/control-plane/client";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { eventForwarderWorker, eventsQueue } from "../local/event-forwarder.ts";
import "../local/stack.ts"; // sets the WRANGLER_* / CLOUDFLARE_* variables every workerd start needs

const jwtSecret = "forwarder-test-jwt";
let controlUrl: string | null = "http://127.0.0.1:1"; // nothing listens there, at first
const posted: unknown[][] = [];
let attempts = 0;
let mf: Miniflare;
let close: () => Promise<void>;
let realUrl: string;

beforeAll(async () => {
  mf = new Miniflare({
    workers: [
      {
        name: "edge",
        modules: true,
        script: "export default { fetch: () => new Response('') }",
        compatibilityDate: "2026-04-26",
        kvNamespaces: ["EDGE_KV"],
        queueProducers: { EVENTS: { queueName: eventsQueue } },
      },
      eventForwarderWorker({
        controlUrl: () => {
          attempts++;
          return controlUrl;
        },
        jwtSecret,
      }),
    ],
  });
  const database = await openDatabase();
  await database.migrate();
  const publisher = kvPublisher(await mf.getKVNamespace("EDGE_KV", "edge"));
  const app = createControlPlane({ db: database.db, publisher, jwtSecret });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve(
      {
        hostname: "127.0.0.1",
        port: 0,
        async fetch(request) {
          if (request.method === "POST") {
            posted.push(((await request.clone().json()) as { events: unknown[] }).events);
          }
          return app.fetch(request);
        },
      },
      () => resolve(listening),
    );
  });
  realUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await mf.dispose();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  };
});
afterAll(() => close?.());

const decision = {
  type: "call.decision",
  id: "fwd-1",
  ts: new Date().toISOString(),
  callId: "c-fwd",
  carrier: "dev",
  tenant: "forwarded",
  kind: "pbx",
  direction: "inbound",
  did: "+46812345678",
  country: "SE",
  event: "start",
  bundle: "ab".repeat(32),
  node: "main_menu",
  outcome: "gather",
  region: "LOCAL",
  decisionUs: 0,
  fallback: false,
  reason: null,
  addedByANewerEdge: { any: ["thing"] },
};
const click = { type: "market.click", id: "m-1", token: "opaque", nested: { a: [1, 2] } };

it("holds events while the control plane is away, then delivers them once, unchanged", {
  timeout: 60_000,
}, async () => {
  const queue = await mf.getQueueProducer("EVENTS", "edge");
  await queue.sendBatch([{ body: decision }, { body: click }]);
  // The first attempt cannot connect; the batch is retried (2 s later) against the live one.
  await vi.waitFor(() => expect(attempts).toBeGreaterThan(0), { timeout: 20_000 });
  controlUrl = realUrl;

  const token = await issueToken(jwtSecret, { sub: "t", role: "operator" });
  const cp = controlPlaneClient(realUrl, { token });
  const day = decision.ts.slice(0, 10);
  await vi.waitFor(
    async () => {
      const res = await cp.v1.reports.calls.$get({
        query: { tenant: "forwarded", from: day, to: day },
      });
      expect(await res.json()).toMatchObject({
        rows: [{ day, node: "main_menu", outcome: "gather", decisions: 1, calls: 1 }],
      });
    },
    { timeout: 30_000, interval: 200 },
  );
  // Bodies exactly as the edge sent them, in order: the marketplace's events pass through too.
  expect(posted).toEqual([[decision, click]]);
});
