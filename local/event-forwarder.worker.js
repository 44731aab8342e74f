// The local stand-in for the control plane's Queue consumer (npm start): a Worker that consumes
// the edge's EVENTS queue and posts each batch, message bodies unchanged and in order, to the
// control plane's POST /v1/events:batch through the CONTROL_PLANE binding, which adds the
// credential (local/event-forwarder.ts). A 200 means every event is stored or durably spooled
// (events it can never store are listed in `rejected`, logged here, and not retried); anything
// else retries the whole batch later, which is safe because events are stored by id.

export default {
  async queue(batch, env) {
    const attempt = batch.messages[0]?.attempts ?? 1;
    let res;
    try {
      res = await env.CONTROL_PLANE.fetch("http://control-plane/v1/events:batch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ events: batch.messages.map((message) => message.body) }),
      });
    } catch (error) {
      res = new Response(String(error), { status: 503 });
    }
    if (!res.ok) {
      const delaySeconds = Math.min(60, 2 ** attempt);
      console.error(
        `event forwarder: ${batch.messages.length} event(s) not accepted (${res.status} ${await res.text()}); retry ${attempt} in ${delaySeconds} s`,
      );
      batch.retryAll({ delaySeconds });
      return;
    }
    const { rejected } = await res.json();
    for (const { index, message } of rejected ?? []) {
      console.error(`event forwarder: control plane refused event ${index}: ${message}`);
    }
    batch.ackAll();
  },
};
