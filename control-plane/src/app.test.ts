import { describe, expect, it } from "vitest";
import { pglite, useControlPlane } from "../test/harness.ts";

describe("control plane app", () => {
  const suite = useControlPlane(pglite);

  it("answers /healthz without a token", async () => {
    expect(await suite.cp.call("GET", "/healthz")).toEqual({ status: 200, json: { ok: true } });
  });

  it("serves an OpenAPI document listing every route", async () => {
    const { status, json } = await suite.cp.call("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(Object.keys(json.paths).sort()).toEqual([
      "/v1/carriers/{carrierId}",
      "/v1/rulesets/{tenant}/{name}",
      "/v1/rulesets/{tenant}/{name}/publish",
      "/v1/rulesets/{tenant}/{name}/rollback",
      "/v1/rulesets/{tenant}/{name}/versions",
    ]);
    expect(json.components.securitySchemes.bearer).toMatchObject({ scheme: "bearer" });
  });

  it("answers unknown routes with a JSON 404", async () => {
    expect(await suite.cp.call("GET", "/v2/nothing")).toMatchObject({
      status: 404,
      json: { error: { code: "not_found" } },
    });
  });
});
