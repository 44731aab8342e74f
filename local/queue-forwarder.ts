// The local stand-in for the Queue consumer: a second workerd worker consumes the
// edge's EVENTS queue and hands each batch to Node (`deliver`), which posts it to
// the control plane's `POST /v1/events:batch`. A failed delivery retries the batch.
import type { WorkerOptions } from "miniflare";

const script = `export default {
  async queue(batch, env) {
    const body = JSON.stringify(batch.messages.map((m) => m.body));
    const res = await env.DELIVER.fetch("http://deliver/", { method: "POST", body });
    if (!res.ok) throw new Error("events not delivered: " + res.status);
  },
};`;

export function queueForwarder(
  queue: string,
  deliver: (events: unknown[]) => Promise<void>,
): WorkerOptions {
  return {
    name: "queue-forwarder",
    modules: true,
    script,
    queueConsumers: { [queue]: { maxBatchTimeout: 1, maxRetries: 20, retryDelay: 1 } },
    serviceBindings: {
      async DELIVER(request) {
        try {
          await deliver((await request.json()) as unknown[]);
          return new Response(null, { status: 204 });
        } catch (error) {
          return new Response(String(error), { status: 503 });
        }
      },
    },
  };
}
