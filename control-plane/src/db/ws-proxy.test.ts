import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

let proxy: WsProxy;
beforeAll(async () => {
  proxy = await startWsProxy({ allow: ["127.0.0.1:5432"] });
});
afterAll(() => proxy.close());

it("closes connections to addresses outside its allow list (policy violation)", async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/v1?address=10.0.0.1:22`);
  const [code, reason] = await new Promise<[number, string]>((resolve) =>
    socket.on("close", (c, r) => resolve([c, r.toString()])),
  );
  expect(code).toBe(1008);
  expect(reason).toContain("10.0.0.1:22");
});
