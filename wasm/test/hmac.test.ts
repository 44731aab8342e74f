import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hmac } from "../src/index.ts";
import { engineModule } from "./compiled.ts";

const hmac = new Hmac(engineModule);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const reference = (key: string, data: string) =>
  createHmac("sha256", Buffer.from(key, "utf8")).update(Buffer.from(data, "utf8")).digest("hex");

describe("Hmac (HMAC-SHA256 on the engine)", () => {
  it("gives RFC 4231's answers", () => {
    // Test case 2: a short key.
    expect(hex(hmac.sign("Jefe", "what do ya want for nothing?"))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    // Test case 6: a key longer than a block is hashed first (131 × 0xaa is not UTF-8, so this
    // uses a 131-character ASCII key checked against node:crypto instead).
    const long = "k".repeat(131);
    const data = "Test Using Larger Than Block-Size Key - Hash Key First";
    expect(hex(hmac.sign(long, data))).toBe(reference(long, data));
  });

  it("agrees with node:crypto on every key and message, at every padding boundary", () => {
    const lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000];
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      for (const length of lengths) {
        const key = "s".repeat(keyLength);
        const data = "d".repeat(length);
        expect(hex(hmac.sign(key, data)), `key ${keyLength} B, data ${length} B`).toBe(
          reference(key, data),
        );
      }
    }
    fc.assert(
      fc.property(
        fc.string({ maxLength: 90 }),
        fc.string({ unit: "grapheme", maxLength: 700 }),
        (key, data) => {
          expect(hex(hmac.sign(key, data))).toBe(reference(key, data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps many secrets apart and takes a 64 KiB body after small ones", () => {
    const big = "é".repeat(32 * 1024);
    for (let i = 0; i < 300; i++) {
      expect(hex(hmac.sign(`secret-${i}`, "body"))).toBe(reference(`secret-${i}`, "body"));
    }
    expect(hex(hmac.sign("carrier", big))).toBe(reference("carrier", big));
    expect(hex(hmac.sign("carrier", "small again"))).toBe(reference("carrier", "small again"));
  });

  it("makes tokens: base64url of the payload, a dot, base64url of the MAC over the first part", () => {
    const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64url");
    const expected = (key: string, payload: string) => {
      const body = b64(payload);
      const mac = createHmac("sha256", Buffer.from(key, "utf8")).update(body).digest();
      return `${body}.${b64(mac)}`;
    };
    for (let length = 0; length < 300; length++) {
      const payload = "p".repeat(length);
      expect(hmac.token("secret", payload), `${length} B`).toBe(expected("secret", payload));
    }
    fc.assert(
      fc.property(
        fc.string({ maxLength: 90 }),
        fc.string({ unit: "grapheme", maxLength: 700 }),
        (key, payload) => {
          expect(hmac.token(key, payload)).toBe(expected(key, payload));
        },
      ),
      { numRuns: 300 },
    );
    // A MAC after a token (and a token after a large MAC input) still agree.
    expect(hex(hmac.sign("secret", "after"))).toBe(reference("secret", "after"));
    expect(hmac.token("secret", "é".repeat(20_000))).toBe(expected("secret", "é".repeat(20_000)));
  });

  it("verifies only the exact MAC", () => {
    const mac = hmac.sign("secret", "1700000000.{}");
    expect(hmac.verify("secret", "1700000000.{}", mac)).toBe(true);
    expect(hmac.verify("other", "1700000000.{}", mac)).toBe(false);
    expect(hmac.verify("secret", "1700000001.{}", mac)).toBe(false);
    const flipped = mac.slice();
    flipped[31] = (flipped[31] as number) ^ 1;
    expect(hmac.verify("secret", "1700000000.{}", flipped)).toBe(false);
    expect(hmac.verify("secret", "1700000000.{}", mac.subarray(0, 16))).toBe(false);
  });
});
