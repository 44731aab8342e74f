import type { AddressInfo } from "node:net";
import { createConnection } from "node:net";
import { WebSocketServer } from "ws";

/**
 * A plain (no TLS) WebSocket-to-TCP bridge in the style of Neon's wsproxy, so the production
 * driver (@neondatabase/serverless) can talk to an ordinary local Postgres.
 *
 * The driver opens `ws://127.0.0.1:<port>/v1?address=<host>:<port>` and then sends the raw
 * Postgres wire protocol as binary frames; each frame is written to the TCP socket as is and
 * each TCP chunk goes back as one binary frame. Only addresses in `allow` are dialled, so the
 * proxy cannot be used to reach anything but the configured database.
 */
export interface WsProxy {
  /** Port the proxy listens on (127.0.0.1 only). */
  port: number;
  close(): Promise<void>;
}

export async function startWsProxy(options: { allow: string[]; port?: number }): Promise<WsProxy> {
  const allowed = new Set(options.allow);
  const server = new WebSocketServer({ host: "127.0.0.1", port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });

  server.on("connection", (socket, request) => {
    const address = new URL(request.url ?? "/", "ws://proxy").searchParams.get("address") ?? "";
    if (!allowed.has(address)) {
      socket.close(1008, `address ${address || "(missing)"} is not allowed by this proxy`);
      return;
    }
    const separator = address.lastIndexOf(":");
    // net.Socket queues writes made before the connection is up, so no frame is lost.
    const tcp = createConnection({
      host: address.slice(0, separator),
      port: Number(address.slice(separator + 1)),
    });
    tcp.setNoDelay(true);
    socket.on("message", (data: Buffer) => tcp.write(data));
    socket.on("close", () => tcp.end());
    socket.on("error", () => tcp.destroy());
    tcp.on("data", (chunk) => socket.send(chunk, { binary: true }));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.terminate());
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of server.clients) client.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
