/** Liveness and readiness probes. */
import { engineModule } from "@switchboard/wasm/worker";
import { Hono } from "hono";
import { Budget } from "./budget.ts";

export const health = new Hono<{ Bindings: Env }>();

health.get("/healthz", (c) => c.json({ ok: true }));

/** Ready when KV answers in time, the engine module instantiates and secrets are set. */
health.get("/readyz", async (c) => {
  const checks = {
    kv: await kvReachable(c.env.EDGE_KV),
    engine: engineInstantiates(),
    // Without it no continuation token can be signed, so every call would fall back.
    stateSecret: c.env.STATE_SECRET ? "ok" : "STATE_SECRET is not set (wrangler secret put)",
    // Without it no search result carries a tracking token, so search answers nothing.
    trackingSecret: c.env.TRACKING_SECRET
      ? "ok"
      : "TRACKING_SECRET is not set (wrangler secret put)",
  };
  const failed = Object.entries(checks).filter(([, result]) => result !== "ok");
  const ok = failed.length === 0;
  return c.json({ ok, checks }, ok ? 200 : 503);
});

async function kvReachable(kv: KVNamespace): Promise<string> {
  try {
    // Any key will do: a miss still proves KV answered.
    await new Budget(500, 500).race(kv.get("readyz/probe"), "KV read");
    return "ok";
  } catch (error) {
    return String(error);
  }
}

function engineInstantiates(): string {
  try {
    // Stub whatever the module imports: only instantiation and the ABI are probed.
    const imports: Record<string, Record<string, () => void>> = {};
    for (const { module, name, kind } of WebAssembly.Module.imports(engineModule)) {
      if (kind !== "function") continue;
      imports[module] = { ...imports[module], [name]: () => {} };
    }
    const instance = new WebAssembly.Instance(engineModule, imports);
    const abiVersion = instance.exports.abiVersion;
    if (typeof abiVersion !== "function") return "engine has no abiVersion export";
    const abi = (abiVersion as () => number)();
    return abi === 1 ? "ok" : `engine ABI ${abi}, edge expects 1`;
  } catch (error) {
    return String(error);
  }
}
