import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * `sbk_<id>_<secret>`: the id (public, 12 hex) finds the row, the secret (32 random bytes,
 * base64url) is checked against its SHA-256. A slow hash is unnecessary: the secret has 256 bits
 * of entropy, so there is nothing to brute-force.
 */
const pattern = /^sbk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKey() {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, key: `sbk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a bearer value that looks like an API key, else null (try JWT). */
export function parseApiKey(bearer: string): { id: string; secret: string } | null {
  const [, id, secret] = pattern.exec(bearer) ?? [];
  return id && secret ? { id, secret } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
