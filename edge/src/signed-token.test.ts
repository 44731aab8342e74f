import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, openToken, signToken } from "./signed-token.ts";

/** The textbook spelling: btoa over a binary string, then the URL alphabet, no padding. */
function reference(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("signed tokens", () => {
  it("spell bytes of every length as unpadded base64url, and read them back", () => {
    for (let length = 0; length < 200; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = base64url(bytes);
      expect(text).toBe(reference(bytes));
      expect(fromBase64url(text)).toEqual(bytes);
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
    const forged = base64url(new TextEncoder().encode(JSON.stringify({ ...payload, p: 1 })));
    expect(openToken("secret", `${forged}.${mac}`)).toBeUndefined();
    expect(openToken("secret", `${body}.${mac}.x`)).toBeUndefined();
  });
});
