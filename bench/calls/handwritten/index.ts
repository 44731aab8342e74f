// A baseline, not the product: the florist's webhook written by hand with no framework, doing
// only the work SPEC §4 requires of every answer, with the edge's own parts (the carrier
// signature's parser, HMAC on the engine, the body check, the state token, the engine, the
// batched event and log line). It leaves out what the edge adds around that work: countries
// (emergency numbers first, a country's fallback), Durable Object queues, the fallbacks for
// faults, time budgets, the Server-Timing metrics and every refusal's full error. Served by
// the same workerd as the edge, it shows how much of the constant worker's throughput the
// required work alone leaves (docs/performance.md, "Calls").
import { PbxEngine } from "@switchboard/wasm";
import { engineModule } from "@switchboard/wasm/worker";
import { parseCall } from "../../../edge/src/calls/schema.ts";
import { parseSignature } from "../../../edge/src/carrier-auth/index.ts";
import { hmacVerify } from "../../../edge/src/hmac.ts";
import { recordEvent } from "../../../edge/src/record-event.ts";
import { regionOf } from "../../../edge/src/region.ts";
import { readState, signState } from "../../../edge/src/state-token/index.ts";

const engines = new Map<string, PbxEngine>();
/** Read again after a second (the DID pointer) or five (the carrier's secrets), as the edge does. */
let pointer: { bundle: string; at: number } | undefined;
let carrierSecrets: { secrets: string[]; at: number } | undefined;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const started = performance.now();
    const carrier = request.headers.get("x-switchboard-carrier");
    const header = request.headers.get("x-switchboard-signature");
    const signature = header ? parseSignature(header) : null;
    if (!carrier || !signature) return new Response("unauthorized", { status: 401 });
    if (!carrierSecrets || Date.now() - carrierSecrets.at > 5_000) {
      const record = await env.EDGE_KV.get<{ secrets: string[] }>(`carrier/${carrier}`, "json");
      carrierSecrets = { secrets: record?.secrets ?? [], at: Date.now() };
    }
    const raw = await request.text();
    const signed = `${signature.t}.${raw}`;
    const verified = carrierSecrets.secrets.some((secret) =>
      signature.macs.some((mac) => hmacVerify(secret, signed, mac)),
    );
    if (!verified) return new Response("unauthorized", { status: 401 });
    const parsed = parseCall(raw);
    if (!parsed.ok) return Response.json({ error: parsed.message }, { status: 400 });
    const call = parsed.call;
    const did = call.to;

    let bundle: string;
    let node: number | null = null;
    let retry = 0;
    if (call.event.type === "start") {
      if (!pointer || Date.now() - pointer.at > 1_000) {
        const read = await env.EDGE_KV.get<{ bundle: string }>(`did/${did}`, "json");
        if (!read) return new Response("unknown number", { status: 404 });
        pointer = { bundle: read.bundle, at: Date.now() };
      }
      bundle = pointer.bundle;
    } else {
      const check = readState(env.STATE_SECRET, call.state ?? "", { callId: call.callId, did });
      if (!check.ok) return Response.json({ error: check.code }, { status: 400 });
      ({ bundle, node, retry } = check.state);
    }
    let engine = engines.get(bundle);
    if (!engine) {
      const bytes = await env.EDGE_KV.get(`bundle/${bundle}`, "arrayBuffer");
      if (!bytes) return new Response("bundle missing", { status: 500 });
      engine = PbxEngine.load(engineModule, new Uint8Array(bytes));
      engines.set(bundle, engine);
    }

    const at = call.timestamp ? new Date(call.timestamp) : new Date();
    const decideStarted = performance.now();
    const step = engine.decide({
      event: call.event,
      node,
      retry,
      from: call.from,
      to: call.to,
      at,
    });
    const decisionUs = Math.round((performance.now() - decideStarted) * 1000);
    const nodeName = step.node === null ? null : (engine.info.nodes[step.node] ?? null);
    const next = { bundle, node: step.node ?? 0, retry: step.retry, callId: call.callId, did };
    const state = step.node === null ? null : signState(env.STATE_SECRET, next);
    // SPEC §4: meta.region is the colo the request came through (request.cf), like the edge's.
    const region = regionOf(request, env);
    const ts = new Date().toISOString();
    const outcome = step.actions[0]?.type ?? "none";
    recordEvent(env.EVENTS, (work) => ctx.waitUntil(work), {
      ...{ type: "call.decision", id: crypto.randomUUID(), ts, at: ts, callId: call.callId },
      ...{ carrier, tenant: engine.info.tenant, kind: call.kind, direction: call.direction, did },
      ...{ country: null, event: call.event.type, bundle, node: nodeName, outcome, region },
      ...{ decisionUs, fallback: false, reason: null },
    });
    const meta = { bundle, node: nodeName, region, decisionUs, fallback: false };
    return new Response(
      JSON.stringify({ callId: call.callId, actions: step.actions, state, meta }),
      {
        headers: {
          "content-type": "application/json",
          "server-timing": `total;dur=${(performance.now() - started).toFixed(1)};desc="edge"`,
        },
      },
    );
  },
};
