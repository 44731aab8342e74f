import { z } from "zod";
import { isMarketEvent, MarketEvent } from "../marketplace/tracking/schema.ts";

/**
 * `call.decision`, as the edge sends it to the EVENTS queue (docs/edge.md, "Events"). The
 * decision time is `ts`; `at`, its older name, is still accepted. Unknown extra fields are
 * ignored, so the edge may add fields before they are stored.
 */
const Incoming = z.object({
  type: z.literal("call.decision"),
  id: z.string().min(1).max(100),
  ts: z.iso.datetime({ offset: true }).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  callId: z.string().min(1).max(200),
  carrier: z.string().min(1).max(100),
  tenant: z.string().max(100).nullable(),
  kind: z.string().max(16),
  direction: z.string().max(16).nullable().default(null),
  did: z.string().max(32),
  country: z.string().max(8).nullable().default(null),
  event: z.string().max(32),
  bundle: z.string().max(64).nullable(),
  node: z.string().max(200).nullable(),
  outcome: z.string().max(32),
  region: z.string().max(32),
  decisionUs: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  fallback: z.boolean(),
  reason: z.string().max(100).nullable(),
});

export const DecisionEvent = Incoming.refine((e) => e.ts ?? e.at, {
  message: "needs ts (the decision time, ISO 8601)",
  path: ["ts"],
}).transform(({ ts, at, ...event }) => ({ ...event, at: (ts ?? at) as string }));

export type DecisionEvent = z.output<typeof DecisionEvent>;

/** Everything the edge puts on the EVENTS queue: call decisions and marketplace events. */
export type EdgeEvent = DecisionEvent | MarketEvent;

export interface Rejected {
  index: number;
  message: string;
}

/** Splits raw events into valid ones and the indexes (with reasons) of those that can never be. */
export function parseEvents(raw: readonly unknown[]): {
  valid: EdgeEvent[];
  rejected: Rejected[];
} {
  const valid: EdgeEvent[] = [];
  const rejected: Rejected[] = [];
  raw.forEach((event, index) => {
    const parsed = (isMarketEvent(event) ? MarketEvent : DecisionEvent).safeParse(event);
    if (parsed.success) valid.push(parsed.data);
    else {
      const message = parsed.error.issues
        .map((i) => `${i.path.join(".") || "event"}: ${i.message}`)
        .join("; ");
      rejected.push({ index, message });
    }
  });
  return { valid, rejected };
}
