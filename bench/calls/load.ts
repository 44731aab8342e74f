// A load generator for 127.0.0.1 only, over keep-alive connections.
// - paced: open loop at a fixed rate; each request's latency counts from when it
//   was SCHEDULED to be sent, so a late send (queueing anywhere, in the server
//   or in this process) shows in the latency instead of hiding (autocannon -R
//   sends bursts and measures from the actual send).
// - saturate: closed loop, N connections each sending its next request as soon
//   as the last one answers: the most requests per second the server gives.
import { Agent, request } from "node:http";
import { type Summary, summarize } from "../stats.ts";

export interface PreparedRequest {
  /** POST when left out. */
  method?: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  /** Sent with a POST; a GET has none. */
  body: string;
}

export interface LoadResult {
  sent: number;
  errors: number;
  /** Completed requests per second over the run. */
  perSecond: number;
  /** Nanoseconds, from the scheduled (paced) or actual (saturate) send time. */
  latency: Summary;
  firstError?: string;
  /** Paced runs: runs of consecutive requests all slower than STALL_MS (a stall, not slow answers). */
  stalls?: Stalls;
}

export interface Stalls {
  count: number;
  /** Requests caught in them. */
  requests: number;
  /** The slowest request in any, nanoseconds. */
  worst: number;
}

/** Twice the paced p99 target: a request this late waited on something, not on its own work. */
const STALL_MS = 20;

const TIMEOUT_MS = 5000;

/**
 * workerd closes a keep-alive connection 5 s after its last answer. A socket idle that long
 * (the pool grows during a stall, and LIFO reuse leaves the extra sockets idle) could be
 * picked for a request just as workerd closes it: "socket hang up", counted as an error of
 * the server though no request reached it. Like any client of a server with an idle timeout,
 * the generator closes idle sockets first.
 */
const IDLE_SOCKET_MS = 4000;

function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS });
}

export async function paced(
  url: string,
  requests: PreparedRequest[],
  ratePerSecond: number,
  durationSec: number,
): Promise<LoadResult> {
  const target = localTarget(url);
  const agent = keepAliveAgent(256);
  const ready = requests.map(readied);
  const total = Math.round(ratePerSecond * durationSec);
  const intervalNs = 1e9 / ratePerSecond;
  // Preallocated, and nothing kept per request but its sample: the generator's own GC pauses
  // land in every latency it measures. By send order, so stalls show as runs; NaN for errors.
  const samples = new Float64Array(total).fill(Number.NaN);
  let count = 0;
  let errors = 0;
  let firstError: string | undefined;
  let outstanding = 0;
  const start = process.hrtime.bigint();
  let next = 0;
  await new Promise<void>((done) => {
    const finish = () => {
      if (next >= total && outstanding === 0) done();
    };
    const tick = () => {
      const now = Number(process.hrtime.bigint() - start);
      while (next < total && next * intervalNs <= now) {
        const index = next;
        const scheduledNs = index * intervalNs;
        outstanding += 1;
        send(agent, target, ready[index % ready.length] as Ready).then((outcome) => {
          outstanding -= 1;
          if (outcome === true) {
            samples[index] = Number(process.hrtime.bigint() - start) - scheduledNs;
            count += 1;
          } else {
            errors += 1;
            firstError ??= outcome;
          }
          finish();
        });
        next += 1;
      }
      if (next < total) setTimeout(tick, 0);
      else finish();
    };
    tick();
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return {
    sent: total,
    errors,
    perSecond: count / elapsed,
    latency: summarize(samples.filter((ns) => !Number.isNaN(ns))),
    stalls: stallsOf(samples),
    ...(firstError ? { firstError } : {}),
  };
}

function stallsOf(samples: Float64Array): Stalls {
  const stalls: Stalls = { count: 0, requests: 0, worst: 0 };
  let inStall = false;
  for (const ns of samples) {
    const late = ns > STALL_MS * 1e6;
    if (late && !inStall) stalls.count += 1;
    if (late) {
      stalls.requests += 1;
      stalls.worst = Math.max(stalls.worst, ns);
    }
    inStall = late;
  }
  return stalls;
}

export async function saturate(
  url: string,
  requests: PreparedRequest[],
  connections: number,
  durationSec: number,
): Promise<LoadResult> {
  const target = localTarget(url);
  const agent = keepAliveAgent(connections);
  const ready = requests.map(readied);
  const samples: number[] = [];
  let errors = 0;
  let sent = 0;
  let firstError: string | undefined;
  const start = process.hrtime.bigint();
  const endNs = durationSec * 1e9;
  const connection = async () => {
    while (Number(process.hrtime.bigint() - start) < endNs) {
      const prepared = ready[sent++ % ready.length] as Ready;
      const began = process.hrtime.bigint();
      const outcome = await send(agent, target, prepared);
      if (outcome === true) samples.push(Number(process.hrtime.bigint() - began));
      else {
        errors += 1;
        firstError ??= outcome;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return {
    sent,
    errors,
    perSecond: samples.length / elapsed,
    latency: summarize(samples),
    ...(firstError ? { firstError } : {}),
  };
}

function localTarget(url: string): URL {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") throw new Error("load only goes to 127.0.0.1");
  return target;
}

/** A request with its final headers, built once rather than per send. */
interface Ready {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string | number>;
  body: string | undefined;
}

function readied(prepared: PreparedRequest): Ready {
  const method = prepared.method ?? "POST";
  return method === "GET"
    ? { method, path: prepared.path, headers: prepared.headers, body: undefined }
    : {
        method,
        path: prepared.path,
        headers: { ...prepared.headers, "content-length": Buffer.byteLength(prepared.body) },
        body: prepared.body,
      };
}

/** true for a 200, else what went wrong. */
function send(agent: Agent, target: URL, prepared: Ready): Promise<true | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: prepared.path,
        method: prepared.method,
        headers: prepared.headers,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        if (res.statusCode === 200) {
          // The body is not read, only drained.
          res.resume();
          res.on("end", () => resolve(true));
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve(`${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    req.on("error", (error) => resolve(String(error)));
    req.end(prepared.body);
  });
}
