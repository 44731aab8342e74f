import { describe, expect, it } from "vitest";
import { fresh, operator, pbxSource, pglite, useControlPlane } from "../test/harness.ts";

describe("control plane app", () => {
  const suite = useControlPlane(pglite);

  it("answers /healthz without a token", async () => {
    expect(await suite.cp.call("GET", "/healthz")).toEqual({ status: 200, json: { ok: true } });
  });

  it("serves an OpenAPI document listing every route, SPEC §8's among them", async () => {
    const { status, json } = await suite.cp.call("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining([
        "/v1/rulesets/{tenant}/{name}",
        "/v1/rulesets/{tenant}/{name}/publish",
        "/v1/rulesets/{tenant}/{name}/rollback",
        "/v1/rulesets/{tenant}/{name}/versions",
        "/v1/rulesets/{tenant}/{name}/promote",
        "/v1/rulesets/{tenant}/{name}/diff",
        "/v1/carriers/{carrierId}",
        "/v1/countries/{code}",
        "/v1/tenants/{tenant}/subscribers:import",
        "/v1/events:batch",
        "/v1/reports/calls",
        "/v1/audit",
        "/v1/auth/login",
        "/v1/api-keys",
      ]),
    );
    expect(json.components.securitySchemes.bearer).toMatchObject({ scheme: "bearer" });
  });

  it("refuses every /v1 route but login without a token, with a JSON 401", async () => {
    const { json } = await suite.cp.call("GET", "/openapi.json");
    const routes = Object.entries(json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => ({ method, path })),
    );
    expect(routes.length).toBeGreaterThan(30);
    for (const { method, path } of routes) {
      const concrete = path.replace(/\{[^}]+\}/g, (p) =>
        p === "{number}" ? "+46701234567" : p === "{code}" ? "SE" : "x",
      );
      const res = await suite.cp.call(method.toUpperCase(), concrete);
      const expected = path === "/v1/auth/login" ? 422 : 401;
      expect(res.status, `${method} ${path}`).toBe(expected);
      expect(res.json.error.code).toEqual(expected === 401 ? "unauthorized" : "invalid_request");
    }
  });

  it("serves a self-contained API reference page at /docs", async () => {
    const res = await suite.cp.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<h1>Switchboard control plane");
    expect(html).toContain("/v1/rulesets/{tenant}/{name}/publish");
    expect(html).toContain("canaryPercent?: integer");
    expect(html).toContain("percent: integer } | null");
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it("says what is wrong with a malformed request, and changes nothing", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
    const publish = `/v1/rulesets/${tenant}/main/publish`;
    const send = async (body: string, contentType: string) => {
      const res = await suite.cp.app.request(publish, {
        method: "POST",
        headers: { Authorization: `Bearer ${await operator()}`, "Content-Type": contentType },
        body,
      });
      return { status: res.status, json: (await res.json()) as { error: { message: string } } };
    };
    expect(await send("{version: 1", "application/json")).toEqual({
      status: 400,
      json: {
        error: {
          code: "bad_request",
          message: "the request body is not valid JSON; send one JSON object",
        },
      },
    });
    expect(await send('{"version": 1}', "text/plain")).toEqual({
      status: 415,
      json: {
        error: {
          code: "unsupported_media_type",
          message: 'send the body as JSON with Content-Type: application/json (got "text/plain")',
        },
      },
    });
    // A misspelt field must not fall back to a default (here: publishing the newest version).
    const typo = await send('{"verison": 1}', "application/json");
    expect(typo.status).toBe(422);
    expect(typo.json.error).toMatchObject({ code: "invalid_request" });
    expect(typo.json.error.message).toContain('"verison"');
    const query = await suite.cp.call("GET", `/v1/reports/calls?tenant=${tenant}&form=2026-11-01`, {
      token: await operator(),
    });
    expect(query.status).toBe(422);
    expect(query.json.error.message).toContain('"form"');
    expect(await suite.edge.pointer(number(1))).toBeNull();
  });

  it("answers unknown routes with a JSON 404", async () => {
    expect(await suite.cp.call("GET", "/v2/nothing")).toMatchObject({
      status: 404,
      json: { error: { code: "not_found" } },
    });
  });
});
