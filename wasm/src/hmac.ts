// HMAC-SHA256 on the engine (assembly/hmac.ts), synchronous: the edge makes or checks two to
// twenty MACs per request, and WebCrypto's promise per MAC cost more than the rest of a
// decision (docs/performance.md, "Calls").

interface MacExports {
  memory: WebAssembly.Memory;
  macAlloc(length: number): number;
  macKey(length: number): void;
  mac(length: number): void;
  macToken(length: number): number;
  macKeyStatePtr(): number;
  macPtr(): number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAC_BYTES = 32;
const KEYS_KEPT = 256;

/** One engine instance of its own (it loads no bundle) and the prepared keys of recent secrets. */
export class Hmac {
  readonly #exports: MacExports;
  readonly #keyState: number;
  readonly #mac: number;
  /**
   * Secrets → their two midstates (64 bytes): preparing a key costs two extra blocks. A few are
   * live at once (the state secret, carriers' rotating secrets); past the cap it starts over.
   */
  readonly #keys = new Map<string, Uint8Array>();
  #room = 0;
  #at = 0;

  constructor(module: WebAssembly.Module) {
    const abort = (): never => {
      throw new Error("the engine aborted while making a MAC");
    };
    const instance = new WebAssembly.Instance(module, { env: { abort } });
    this.#exports = instance.exports as unknown as MacExports;
    this.#keyState = this.#exports.macKeyStatePtr();
    this.#mac = this.#exports.macPtr();
  }

  /** HMAC-SHA256(secret, data), both as UTF-8. */
  sign(secret: string, data: string): Uint8Array {
    const exports = this.#exports;
    const length = this.#keyed(secret, data, 0);
    exports.mac(length);
    return new Uint8Array(exports.memory.buffer, this.#mac, MAC_BYTES).slice();
  }

  /**
   * A signed token of `payload` (UTF-8): `<base64url(payload)>.<base64url(MAC)>`, the MAC under
   * `secret` over the first part. Made in one engine call: base64url in JS cost more than the MAC.
   */
  token(secret: string, payload: string): string {
    // The token follows the payload's bytes: 4/3 of at most 3 bytes per unit, a dot, 43 for the MAC.
    const length = this.#keyed(secret, payload, payload.length * 4 + 44);
    const tokenLength = this.#exports.macToken(length);
    return decoder.decode(
      new Uint8Array(this.#exports.memory.buffer, this.#at + length, tokenLength),
    );
  }

  /** Whether `mac` is HMAC-SHA256(secret, data); compares every byte, whatever differs first. */
  verify(secret: string, data: string, mac: Uint8Array): boolean {
    const expected = this.sign(secret, data);
    if (mac.length !== MAC_BYTES) return false;
    let difference = 0;
    for (let i = 0; i < MAC_BYTES; i++) difference |= (expected[i] as number) ^ (mac[i] as number);
    return difference === 0;
  }

  /** Writes `data` (with `extra` bytes of room after it) and the key state; data's length. */
  #keyed(secret: string, data: string, extra: number): number {
    const key = this.#key(secret);
    const length = this.#write(data, extra);
    new Uint8Array(this.#exports.memory.buffer, this.#keyState, key.length).set(key);
    return length;
  }

  #key(secret: string): Uint8Array {
    let key = this.#keys.get(secret);
    if (!key) {
      this.#exports.macKey(this.#write(secret, 0));
      key = new Uint8Array(this.#exports.memory.buffer, this.#keyState, 64).slice();
      if (this.#keys.size >= KEYS_KEPT) this.#keys.clear();
      this.#keys.set(secret, key);
    }
    return key;
  }

  /** `text` as UTF-8 into the engine's message area, `extra` bytes kept after it; its length. */
  #write(text: string, extra: number): number {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const most = text.length * 3 + extra;
    if (most > this.#room) {
      const room = Math.max(most, 4096);
      const at = this.#exports.macAlloc(room);
      if (at === 0)
        throw new Error(`no room in the engine for a ${text.length}-character MAC input`);
      this.#at = at;
      this.#room = room;
    }
    const into = new Uint8Array(this.#exports.memory.buffer, this.#at, this.#room - extra);
    return encoder.encodeInto(text, into).written;
  }
}
