/**
 * Signed tokens the edge hands out and later takes back (a call's continuation state, a search
 * result's tracking token): `<base64url(JSON)>.<base64url(HMAC-SHA256(secret, first part))>`.
 * Whoever holds one can read it, nobody without the secret can change it.
 */
import { hmacSign, hmacVerify } from "./hmac.ts";

export async function signToken(secret: string, payload: object): Promise<string> {
  const body = base64url(new TextEncoder().encode(JSON.stringify(payload)));
  return `${body}.${base64url(await hmacSign(secret, body))}`;
}

/** The JSON a token signed with `secret` carries, or undefined when it is not such a token. */
export async function openToken(secret: string, token: string): Promise<unknown> {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return undefined;
  const macBytes = fromBase64url(mac);
  if (!macBytes || !(await hmacVerify(secret, body, macBytes))) return undefined;
  const bytes = fromBase64url(body);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    // A loop, not Uint8Array.from with a callback: the bundler's keepNames wraps each closure
    // made per call, and this runs twice per webhook.
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
