import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("probes", () => {
  it("answers /healthz", async () => {
    const response = await exports.default.fetch("http://edge.test/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("server-timing")).toContain("total;dur=");
  });

  it("is ready when KV answers and the engine instantiates", async () => {
    const response = await exports.default.fetch("http://edge.test/readyz");
    expect(await response.json()).toEqual({
      ok: true,
      checks: { kv: "ok", engine: "ok", stateSecret: "ok", trackingSecret: "ok" },
    });
    expect(response.status).toBe(200);
  });

  it("names an unknown route", async () => {
    const response = await exports.default.fetch("http://edge.test/v2/nothing");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
