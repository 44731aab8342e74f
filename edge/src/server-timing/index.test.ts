import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { addMetric, serverTiming } from "./index.ts";

const app = new Hono();
app.use(serverTiming());
app.get("/phases", (c) => {
  addMetric(c, "kv", 1.234);
  addMetric(c, "engine", 0.04);
  return c.text("ok");
});
app.get("/fails", () => {
  throw new Error("boom");
});
app.onError((_, c) => c.text("failed", 500));

const header = async (path: string) =>
  (await app.request(path)).headers.get("server-timing") ?? "missing";

describe("serverTiming", () => {
  it("lists the route's phases in order, then the total", async () => {
    expect(await header("/phases")).toMatch(
      /^kv;dur=1\.2,engine;dur=0\.0,total;dur=\d+\.\d;desc="edge"$/,
    );
  });

  it("times answers no route gave, and failures", async () => {
    expect(await header("/nowhere")).toMatch(/^total;dur=\d+\.\d;desc="edge"$/);
    expect(await header("/fails")).toMatch(/^total;dur=\d+\.\d;desc="edge"$/);
  });

  it("ignores a metric outside the middleware", async () => {
    const bare = new Hono();
    bare.get("/", (c) => {
      addMetric(c, "kv", 1);
      return c.text("ok");
    });
    const response = await bare.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("server-timing")).toBeNull();
  });
});
