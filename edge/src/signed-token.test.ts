import { describe, expect, it } from "vitest";
import { fromBase64url, openToken, signToken } from "./signed-token.ts";

/** The textbook spelling: btoa over a binary string, then the URL alphabet, no padding. */
function reference(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The same token by WebCrypto and btoa. */
async function referenceToken(secret: string, payload: object): Promise<string> {
  const encoder = new TextEncoder();
  const body = reference(encoder.encode(JSON.stringify(payload)));
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `${body}.${reference(mac)}`;
}

describe("signed tokens", () => {
  it("are base64url of the JSON, a dot and base64url of its HMAC, at every length", async () => {
    for (let length = 0; length < 200; length++) {
      const payload = { t: "x".repeat(length), o: length % 3 === 0 ? "röda rosor ☀" : "" };
      expect(signToken("secret", payload)).toBe(await referenceToken("secret", payload));
    }
  });

  it("read unpadded base64url of every length back", () => {
    for (let length = 0; length < 200; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(fromBase64url(reference(bytes))).toEqual(bytes);
    }
  });

  it("refuse text that is not unpadded base64url", () => {
    for (const text of ["a", "abcde", "ab=", "a+bc", "a/bc", "ab c", "äbcd", "ab\n"]) {
      expect(fromBase64url(text), text).toBeNull();
    }
    expect(fromBase64url("")).toEqual(new Uint8Array(0));
  });

  it("open only with the secret they were signed with, and only unchanged", async () => {
    const payload = { q: "q-1", o: "röda rosor", p: 3 };
    const token = signToken("secret", payload);
    expect(openToken("secret", token)).toEqual(payload);
    expect(openToken("other", token)).toBeUndefined();
    const [body, mac] = token.split(".");
    const forged = reference(new TextEncoder().encode(JSON.stringify({ ...payload, p: 1 })));
    expect(openToken("secret", `${forged}.${mac}`)).toBeUndefined();
    expect(openToken("secret", `${body}.${mac}.x`)).toBeUndefined();
  });
});
