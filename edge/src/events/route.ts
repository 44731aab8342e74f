/**
 * `POST /v1/events`: a click on a search result, or a request sent to its provider, posted with
 * the result's tracking token (docs/marketplace.md, "Events"). The token is checked, then one
 * event goes to the EVENTS queue with an id derived from the token and the type, so a click
 * (or a request) is counted once however often it is posted.
 */
import { Hono } from "hono";
import { z } from "zod";
import { bodyLimit } from "../body-limit/index.ts";
import { recordEvent } from "../record-event.ts";
import { regionOf } from "../region.ts";
import { readTracking, type Shown, shownOf, type Tracking } from "../tracking/token.ts";

const bodySchema = z.object({
  token: z.string({ error: "token is required: the token of the search result" }).min(1),
  type: z.enum(["click", "request"], {
    error:
      'type must be "click" or "request" (impressions are recorded by the edge at search time)',
  }),
  valueMinor: z
    .int({ error: "valueMinor must be a whole number of minor units" })
    .min(0, "valueMinor must not be negative")
    .max(0xffffffff, "valueMinor is too large")
    .optional(),
});

export interface TrackedEvent extends Shown {
  type: "market.click" | "market.request";
  /** sha256 hex of `<token>\n<type>`: the same token and type always make the same id. */
  id: string;
  ts: string;
  region: string;
  country: string;
  category: string;
  queryId: string;
  /** A request's value in minor units; null for a click. */
  valueMinor: number | null;
}

export const events = new Hono<{ Bindings: Env }>();

events.post("/", bodyLimit(8), async (c) => {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return invalid(c, [{ path: "", message: "the body must be JSON: {token, type, valueMinor?}" }]);
  }
  const parsed = bodySchema.safeParse(json);
  const issues = [
    ...(parsed.error?.issues ?? []).map((i) => ({ path: i.path.join("."), message: i.message })),
    ...valueIssues(json),
  ];
  if (!parsed.success || issues.length > 0) return invalid(c, issues);
  const { token, type, valueMinor } = parsed.data;
  const secret = c.env.TRACKING_SECRET;
  if (!secret) {
    return c.json(
      { error: { code: "tracking_unavailable", message: "Tracking is not configured here." } },
      503,
    );
  }
  const check = readTracking(secret, token);
  if (!check.ok) {
    return c.json(
      {
        error: {
          code: check.code,
          message: check.message,
          issues: [{ path: "token", message: check.message }],
        },
      },
      401,
    );
  }
  const event = trackedEvent(
    check.tracking,
    type,
    valueMinor ?? null,
    await eventId(token, type),
    regionOf(c.req.raw, c.env),
  );
  recordEvent(c.env.EVENTS, (work) => c.executionCtx.waitUntil(work), event);
  return c.json({ id: event.id, type: event.type }, 202);
});

/** A request needs its value, a click has none (checked even when other fields are wrong). */
function valueIssues(json: unknown): { path: string; message: string }[] {
  if (typeof json !== "object" || json === null) return [];
  const { type, valueMinor } = json as { type?: unknown; valueMinor?: unknown };
  const issue = (message: string) => [{ path: "valueMinor", message }];
  if (type === "request" && valueMinor === undefined) {
    return issue("valueMinor is required for a request: its value in minor units");
  }
  if (type === "click" && valueMinor !== undefined) return issue("a click has no valueMinor");
  return [];
}

function invalid(
  c: { json: (body: unknown, status: 400) => Response },
  issues: { path: string; message: string }[],
) {
  const names = [...new Set(issues.map((i) => i.path || "(body)"))].join(", ");
  return c.json(
    { error: { code: "invalid_body", message: `Invalid event: check ${names}.`, issues } },
    400,
  );
}

function trackedEvent(
  t: Tracking,
  type: "click" | "request",
  valueMinor: number | null,
  id: string,
  region: string,
): TrackedEvent {
  return {
    type: type === "click" ? "market.click" : "market.request",
    id,
    ts: new Date().toISOString(),
    region,
    country: t.country,
    category: t.category,
    queryId: t.queryId,
    ...shownOf(t),
    valueMinor,
  };
}

async function eventId(token: string, type: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${token}\n${type}`),
  );
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
