/**
 * HMAC-SHA256 on the engine's own instance: synchronous, a few µs per MAC. WebCrypto's promise
 * per MAC cost the edge ~60 µs of its event loop, and a webhook makes two or three, a search
 * twenty (docs/performance.md, "Calls").
 */
import { Hmac } from "@switchboard/wasm";
import { engineModule } from "@switchboard/wasm/worker";

let engine: Hmac | undefined;

function hmac(secret: string): Hmac {
  // An empty secret would still make MACs, ones anybody can make: refuse it.
  if (typeof secret !== "string" || secret.length === 0) {
    throw new Error("an HMAC secret is missing or empty: set it with `wrangler secret put`");
  }
  engine ??= new Hmac(engineModule);
  return engine;
}

/** `<base64url(payload)>.<base64url(HMAC-SHA256(secret, first part))>`, in one engine call. */
export function hmacToken(secret: string, payload: string): string {
  return hmac(secret).token(secret, payload);
}

/** Compares in constant time (every byte, whatever differs first). */
export function hmacVerify(secret: string, data: string, mac: Uint8Array): boolean {
  return hmac(secret).verify(secret, data, mac);
}
