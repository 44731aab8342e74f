/**
 * A local stand-in for the Cloudflare REST API's Workers KV endpoints (the ones the REST
 * publisher calls), so its requests, encoding, chunking and retries are tested for real over
 * HTTP. It fakes Cloudflare, not our product.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCloudflare {
  baseUrl: string;
  values: Map<string, Buffer>;
  requests: { method: string; path: string }[];
  /** The next `count` requests answer `status` (429 rate limit, 500, …). */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

export async function startFakeCloudflare(options: {
  accountId: string;
  namespaceId: string;
  apiToken: string;
}): Promise<FakeCloudflare> {
  const values = new Map<string, Buffer>();
  const requests: { method: string; path: string }[] = [];
  let failures = { count: 0, status: 500 };
  const prefix = `/client/v4/accounts/${options.accountId}/storage/kv/namespaces/${options.namespaceId}`;

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path });
    const answer = (
      status: number,
      result: unknown,
      errors: { code: number; message: string }[] = [],
    ) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: errors.length === 0, errors, messages: [], result }));
    };
    if (req.headers.authorization !== `Bearer ${options.apiToken}`) {
      return answer(403, null, [{ code: 10000, message: "Authentication error" }]);
    }
    if (failures.count > 0) {
      failures.count--;
      return answer(failures.status, null, [{ code: 10013, message: "simulated failure" }]);
    }
    if (!path.startsWith(prefix))
      return answer(404, null, [{ code: 10009, message: "namespace not found" }]);
    const rest = path.slice(prefix.length);
    if (rest.startsWith("/values/")) {
      const key = decodeURIComponent(rest.slice("/values/".length));
      if (req.method === "PUT") values.set(key, body);
      else if (req.method === "DELETE") values.delete(key);
      else return answer(405, null, [{ code: 10000, message: "method not allowed" }]);
      return answer(200, null);
    }
    if (rest === "/bulk" && req.method === "PUT") {
      const pairs = JSON.parse(body.toString()) as {
        key: string;
        value: string;
        base64?: boolean;
      }[];
      if (pairs.length > 10_000)
        return answer(400, null, [{ code: 10026, message: "too many pairs" }]);
      for (const p of pairs) values.set(p.key, Buffer.from(p.value, p.base64 ? "base64" : "utf8"));
      return answer(200, { successful_key_count: pairs.length, unsuccessful_keys: [] });
    }
    if (rest === "/bulk/delete" && req.method === "POST") {
      const keys = JSON.parse(body.toString()) as string[];
      for (const key of keys) values.delete(key);
      return answer(200, { successful_key_count: keys.length, unsuccessful_keys: [] });
    }
    return answer(404, null, [{ code: 7003, message: `no route ${req.method} ${rest}` }]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    values,
    requests,
    failNext(count, status) {
      failures = { count, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
