/** HMAC-SHA256 over WebCrypto; `verify` compares in constant time inside the runtime. */
import { Lru } from "./lru.ts";

const encoder = new TextEncoder();
// A handful of secrets are live at once (state secret, carriers' rotating secrets).
const keys = new Lru<string, Promise<CryptoKey>>(256);

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
    // A refused key (e.g. an empty secret) is not remembered: the next call retries.
    key.catch(() => keys.delete(secret));
  }
  return key;
}

export async function hmacSign(secret: string, data: string): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(data)),
  );
}

export async function hmacVerify(secret: string, data: string, mac: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(data));
}
