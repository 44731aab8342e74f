import { describe, expect, it } from "vitest";
import { decisionEvents, operator, pglite, useControlPlane } from "../../test/harness.ts";
import { maxBodyBytes } from "./index.ts";

/** `bytes` of body, streamed in 64 KiB chunks without a Content-Length, as `curl -T -` sends. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

describe("request body limits", () => {
  const suite = useControlPlane(pglite);
  const send = async (
    method: string,
    path: string,
    body: string | ReadableStream<Uint8Array>,
    headers: Record<string, string>,
  ) => {
    const res = await suite.cp.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${await operator()}`, ...headers },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);
    return { status: res.status, json: (await res.json()) as { error?: { code: string } } };
  };
  const json = { "Content-Type": "application/json" };

  it("refuses an oversized login by its Content-Length, before reading it", async () => {
    const body = JSON.stringify({ email: "a@b.c", password: "x".repeat(maxBodyBytes.default) });
    const res = await suite.cp.app.request("/v1/auth/login", {
      method: "POST",
      headers: { ...json, "Content-Length": String(body.length) },
      body,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: "payload_too_large",
        message: "the body of POST /v1/auth/login may be at most 1 MiB",
      },
    });
  });

  it("stops reading a streamed rule file past 1 MiB", async () => {
    const yaml = `# ${"x".repeat(maxBodyBytes.default)}\n`;
    const res = await send("PUT", "/v1/rulesets/big/main", chunked(yaml), {
      "Content-Type": "application/yaml",
    });
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe("payload_too_large");
  });

  it("takes event batches past 1 MiB, up to their own limit", async () => {
    const events = decisionEvents(5000, { tenant: "big-batch" });
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(maxBodyBytes.default);
    expect(await send("POST", "/v1/events:batch", chunked(body), json)).toMatchObject({
      status: 200,
      json: { inserted: 5000 },
    });
    const padded = JSON.stringify({ events, padding: "x".repeat(maxBodyBytes.eventBatch) });
    expect(await send("POST", "/v1/events:batch", chunked(padded), json)).toMatchObject({
      status: 413,
      json: { error: { code: "payload_too_large" } },
    });
  });
});
