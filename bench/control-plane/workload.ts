// What the control-plane benchmark sends: subscribers as NDJSON lines and call.decision events,
// both generated on the fly so the benchmark itself holds almost nothing.
export const tenants = 100;
export const carriers = ["telia", "tele2", "telenor", "tre", "dev"];

/** `count` NDJSON subscriber rows numbered from `prefix` (+ 7 digits), in three shapes. */
export function* subscriberRows(count: number, prefix: string): Generator<string> {
  for (let i = 0; i < count; i++) {
    const number = `${prefix}${String(i).padStart(7, "0")}`;
    const row =
      i % 4 === 0
        ? {
            number,
            forwarding: { busy: "+46708000000", noAnswer: "+46708000000" },
            blocklist: ["+46900*"],
          }
        : i % 4 === 1
          ? { number, dnd: { weekly: { "mon-fri": ["22:00-24:00", "00:00-07:00"] } } }
          : { number, noAnswerTimeoutSec: 25 };
    yield JSON.stringify(row);
  }
}

/** `count` call.decision events with ids from `offset`, spread over 30 days and 100 tenants. */
export function decisionEvents(count: number, offset: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    const day = i % 30;
    return {
      type: "call.decision",
      id: `e-${i}`,
      ts: new Date(Date.UTC(2026, 10, 1 + day, i % 24, i % 60)).toISOString(),
      callId: `c-${Math.floor(i / 4)}`,
      carrier: carriers[i % carriers.length] as string,
      tenant: `t${i % tenants}`,
      did: `+46812${String(i % 1000).padStart(6, "0")}`,
      kind: "pbx",
      direction: "inbound",
      country: "SE",
      event: i % 4 === 0 ? "start" : "digits",
      bundle: "ab".repeat(32),
      node: ["welcome", "main_menu", "sales", "support", "voicemail"][i % 5] as string,
      outcome: ["play", "gather", "connect", "enqueue", "voicemail"][(i >> 2) % 5] as string,
      region: "ARN",
      decisionUs: 30 + (i % 50),
      fallback: i % 97 === 0,
      reason: i % 97 === 0 ? "kv_unavailable" : null,
    };
  });
}
