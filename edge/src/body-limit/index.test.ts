import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bodyLimit } from "./index.ts";

const app = new Hono();
app.post("/", bodyLimit(1), async (c) => c.text(`read ${(await c.req.text()).length}`));

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.subarray(i, i + 100));
      controller.close();
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  app.request("/", { method: "POST", body, headers });

describe("bodyLimit", () => {
  it("lets a body of the limit through, whole", async () => {
    const response = await post("x".repeat(1024));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("read 1024");
  });

  it("refuses a declared length over the limit", async () => {
    const response = await post("x".repeat(1025));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: "body_too_large", message: "The body is over 1 KiB (1024 bytes); send less." },
    });
  });

  it("counts a body sent without a length", async () => {
    expect((await post(chunked("y".repeat(1024)))).status).toBe(200);
    expect((await post(chunked("y".repeat(1025)))).status).toBe(413);
  });

  it("does not trust a small length sent with Transfer-Encoding", async () => {
    const response = await post(chunked("z".repeat(2000)), {
      "content-length": "3",
      "transfer-encoding": "chunked",
    });
    expect(response.status).toBe(413);
  });
});
