import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt with N = 2^15, r = 8, p = 1: 32 MiB and roughly 50–100 ms per hash on a server core
 * (OWASP's minimum for scrypt is N = 2^17 with r = 8, p = 1 *or* an equivalent trade of memory
 * for time; 2^15 keeps a login under 0.1 s while costing an attacker 32 MiB per guess). The
 * parameters are stored with each hash, so raising them later needs no migration.
 */
export const passwordCost = { log2N: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number) {
  const N = 2 ** log2N;
  // Node refuses more than 32 MiB by default; scrypt needs 128 · N · r bytes plus headroom.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, passwordCost.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64>` */
export async function hashPassword(password: string): Promise<string> {
  const { log2N, r, p, saltLength } = passwordCost;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, log2N, r, p);
  return ["scrypt", log2N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(
    password,
    Buffer.from(salt, "base64"),
    Number(log2N),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A real hash of nothing, so an unknown login costs the same time as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
