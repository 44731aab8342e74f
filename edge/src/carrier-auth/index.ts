/**
 * Carrier authentication (SPEC §4): `X-Switchboard-Carrier` names the carrier and
 * `X-Switchboard-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * proves it. Any active secret of the carrier may sign (two live during rotation).
 */
import type { Context, MiddlewareHandler } from "hono";
import { Budget } from "../budget.ts";
import { hmacVerify } from "../hmac.ts";
import { carrierSecrets } from "./secrets.ts";

export interface CarrierAuthOptions {
  /** How far the signature's time may be from ours, either way. */
  toleranceSec?: number;
  /** How long the carrier lookup may wait on KV. */
  lookupMs?: number;
  /**
   * Answers when the carrier store cannot be read and nothing is cached. The route
   * decides what is safe for its callers; the default is 503.
   */
  onStoreFault?: (c: Context<CarrierAuthEnv>, error: unknown) => Response | Promise<Response>;
}

export type CarrierAuthEnv = { Bindings: Env; Variables: { carrier: string } };

type Refusal =
  | "carrier_missing"
  | "carrier_unknown"
  | "signature_missing"
  | "signature_malformed"
  | "signature_expired"
  | "signature_invalid";

function refuse(c: Context, code: Refusal, message: string): Response {
  return c.json({ error: { code, message } }, 401);
}

interface ParsedSignature {
  t: number;
  macs: Uint8Array[];
}

const CARRIER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** At most this many v1 MACs are tried, so a header cannot make us verify without end. */
const MAX_MACS = 4;

/**
 * `t=<digits>,v1=<64 hex>[,v1=...]`, spaces around parts allowed; null when it is not that.
 * Read by character codes: it runs on every webhook, and splitting and regexes took ~1 µs.
 */
export function parseSignature(header: string): ParsedSignature | null {
  let t: number | null = null;
  const macs: Uint8Array[] = [];
  for (let start = 0; start <= header.length; ) {
    let end = header.indexOf(",", start);
    if (end < 0) end = header.length;
    const part = header.slice(start, end).trim();
    if (part.startsWith("t=")) t = unixSeconds(part, 2) ?? t;
    else if (part.startsWith("v1=") && macs.length < MAX_MACS) {
      const mac = macBytes(part, 3);
      if (mac) macs.push(mac);
    }
    start = end + 1;
  }
  return t === null || macs.length === 0 ? null : { t, macs };
}

/** 1–12 decimal digits from `from` to the end of `text`, else null. */
function unixSeconds(text: string, from: number): number | null {
  const digits = text.length - from;
  if (digits < 1 || digits > 12) return null;
  let value = 0;
  for (let i = from; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

/** Exactly 64 hex digits (either case) from `from` to the end of `text` as 32 bytes, else null. */
function macBytes(text: string, from: number): Uint8Array | null {
  if (text.length - from !== 64) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const high = nibble(text.charCodeAt(from + 2 * i));
    const low = nibble(text.charCodeAt(from + 2 * i + 1));
    if (high < 0 || low < 0) return null;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

/** A hex digit's value, or -1 when `code` is not one of 0-9, a-f, A-F. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

export function carrierAuth(options: CarrierAuthOptions = {}): MiddlewareHandler<CarrierAuthEnv> {
  const toleranceSec = options.toleranceSec ?? 300;
  const lookupMs = options.lookupMs ?? 250;
  return async function carrierAuth(c, next) {
    const carrier = c.req.header("x-switchboard-carrier");
    if (!carrier) {
      return refuse(c, "carrier_missing", "Send your carrier id in X-Switchboard-Carrier.");
    }
    if (!CARRIER_ID.test(carrier)) {
      return refuse(c, "carrier_unknown", "A carrier id is 1–64 letters, digits, '.', '_' or '-'.");
    }
    const header = c.req.header("x-switchboard-signature");
    if (!header) {
      return refuse(
        c,
        "signature_missing",
        'Sign the raw body: X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.',
      );
    }
    const signature = parseSignature(header);
    if (!signature) {
      return refuse(
        c,
        "signature_malformed",
        "X-Switchboard-Signature must be t=<unix seconds>,v1=<64 hex digits>.",
      );
    }
    const skew = Math.abs(Date.now() / 1000 - signature.t);
    if (skew > toleranceSec) {
      return refuse(
        c,
        "signature_expired",
        `The signature's time t=${signature.t} is ${Math.round(skew)} s from ours; the limit is ${toleranceSec} s. Sign each request when you send it and keep your clock in sync.`,
      );
    }

    let secrets: string[] | null;
    try {
      secrets = await carrierSecrets(
        c.env.EDGE_KV,
        carrier,
        new Budget(lookupMs, lookupMs),
        (work) => backgroundOf(c)(work),
      );
    } catch (error) {
      if (options.onStoreFault) return options.onStoreFault(c, error);
      return c.json(
        { error: { code: "carrier_store_unavailable", message: "Try again shortly." } },
        503,
      );
    }
    if (!secrets) return refuse(c, "carrier_unknown", `No carrier "${carrier}" is registered.`);

    // hmacVerify compares the MACs in constant time.
    const signed = `${signature.t}.${await c.req.text()}`;
    for (const secret of secrets) {
      for (const mac of signature.macs) {
        if (hmacVerify(secret, signed, mac)) {
          c.set("carrier", carrier);
          return next();
        }
      }
    }
    return refuse(
      c,
      "signature_invalid",
      "The signature does not match the body under any of your active secrets.",
    );
  };
}

/** `waitUntil` of the request, or a plain detached promise where there is none (unit tests). */
function backgroundOf(c: Context): (work: Promise<unknown>) => void {
  return (work) => {
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      void work;
    }
  };
}
