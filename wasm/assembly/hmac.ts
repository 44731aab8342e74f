// HMAC-SHA256 (RFC 2104 over FIPS 180-4) for the MACs the edge checks or makes on every
// request: a carrier's signature, a call's state token, a search result's tracking token.
// WebCrypto answers each one through a promise that costs the edge ~60 µs of its event loop;
// here one MAC of a webhook body is a few microseconds, with no await.
//
// A key is prepared once (`macKey`): the two midstates after absorbing key ⊕ ipad and
// key ⊕ opad. The host keeps them and writes them back into KEY_STATE before each `mac`, so
// one instance serves any number of secrets. The message lives where a bundle would: an
// instance that makes MACs loads no bundle (macAlloc unloads it).
import { bundleAt, bundleRoom, reserve } from "./bundle";

/** Inner midstate (8 words) then outer midstate (8 words), in native word order. */
export const KEY_STATE: usize = memory.data(64, 16);
/** The last MAC, 32 bytes in SHA-256's (big-endian) byte order. */
export const MAC: usize = memory.data(32, 16);

const BLOCK = 64;
const STATE: usize = memory.data(32, 16);
const TAIL: usize = memory.data(2 * BLOCK, 16);
const SCHEDULE: usize = memory.data(64 * 4, 16);
const KEY_BLOCK: usize = memory.data(BLOCK, 16);
const PADDED: usize = memory.data(BLOCK, 16);

// prettier-ignore
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// prettier-ignore
const IV: StaticArray<u32> = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** Room for a message (or a key) of `length` bytes; 0 when memory cannot grow. */
export function macAlloc(length: u32): usize {
  return reserve(length);
}

/**
 * Prepares the key of `length` bytes at the reserved address: its two midstates go to
 * KEY_STATE. A key longer than a block is hashed first, as RFC 2104 says.
 */
export function macKey(length: u32): void {
  if (length > bundleRoom) unreachable();
  memory.fill(KEY_BLOCK, 0, BLOCK);
  if (length > <u32>BLOCK) {
    digest(ivAt(), bundleAt, length, 0);
    storeDigest(KEY_BLOCK);
  } else {
    memory.copy(KEY_BLOCK, bundleAt, length);
  }
  for (let pass = 0; pass < 2; pass++) {
    const pad: u8 = pass === 0 ? 0x36 : 0x5c;
    for (let i = 0; i < BLOCK; i++) store<u8>(PADDED + i, load<u8>(KEY_BLOCK + i) ^ pad);
    memory.copy(STATE, ivAt(), 32);
    compress(PADDED);
    memory.copy(KEY_STATE + ((<usize>pass) << 5), STATE, 32);
  }
}

/** The MAC of the `length` message bytes at the reserved address, under KEY_STATE, into MAC. */
export function mac(length: u32): void {
  if (length > bundleRoom) unreachable();
  macOf(bundleAt, length);
}

/**
 * A signed token of the `length` payload bytes at the reserved address, written right after
 * them: `<base64url(payload)>.<base64url(HMAC(KEY_STATE, first part))>`. Returns its length.
 * The host reserves room for the payload and the token (4/3 of it plus 44 bytes).
 */
export function macToken(length: u32): u32 {
  const body = bundleAt + length;
  const bodyLength = base64url(bundleAt, length, body);
  if (<u64>length + <u64>bodyLength + 44 > <u64>bundleRoom) unreachable();
  macOf(body, bodyLength);
  store<u8>(body + bodyLength, 0x2e);
  return bodyLength + 1 + base64url(MAC, 32, body + bodyLength + 1);
}

function macOf(at: usize, length: u32): void {
  digest(KEY_STATE, at, length, BLOCK);
  // The outer hash: the outer midstate over the inner digest (32 bytes).
  storeDigest(MAC);
  digest(KEY_STATE + 32, MAC, 32, BLOCK);
  storeDigest(MAC);
}

const ALPHABET = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88,
  89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114,
  115, 116, 117, 118, 119, 120, 121, 122, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 45, 95,
]);

/** Unpadded base64url of `length` bytes at `from`, written at `to`; the characters written. */
function base64url(from: usize, length: u32, to: usize): u32 {
  const whole = length - (length % 3);
  let o = to;
  for (let i: u32 = 0; i < whole; i += 3) {
    const at = from + i;
    const n = ((<u32>load<u8>(at)) << 16) | ((<u32>load<u8>(at + 1)) << 8) | <u32>load<u8>(at + 2);
    store<u8>(o, load<u8>(ALPHABET + (n >>> 18)));
    store<u8>(o + 1, load<u8>(ALPHABET + ((n >>> 12) & 63)));
    store<u8>(o + 2, load<u8>(ALPHABET + ((n >>> 6) & 63)));
    store<u8>(o + 3, load<u8>(ALPHABET + (n & 63)));
    o += 4;
  }
  const rest = length - whole;
  if (rest > 0) {
    const second: u32 = rest > 1 ? <u32>load<u8>(from + whole + 1) : 0;
    const n = ((<u32>load<u8>(from + whole)) << 16) | (second << 8);
    store<u8>(o, load<u8>(ALPHABET + (n >>> 18)));
    store<u8>(o + 1, load<u8>(ALPHABET + ((n >>> 12) & 63)));
    o += 2;
    if (rest > 1) {
      store<u8>(o, load<u8>(ALPHABET + ((n >>> 6) & 63)));
      o += 1;
    }
  }
  return <u32>(o - to);
}

/** The digest in STATE as SHA-256's 32 bytes (big-endian words) at `at`. */
function storeDigest(at: usize): void {
  for (let i = 0; i < 8; i++) store<u32>(at + ((<usize>i) << 2), bswap<u32>(word(STATE, i)));
}

function ivAt(): usize {
  return changetype<usize>(IV);
}

/**
 * SHA-256 from the midstate at `from` over `length` bytes at `at`, `before` bytes having
 * been absorbed already (a whole number of blocks); the result stays in STATE.
 */
function digest(from: usize, at: usize, length: u32, before: u32): void {
  memory.copy(STATE, from, 32);
  const whole = length & ~(<u32>BLOCK - 1);
  for (let offset: u32 = 0; offset < whole; offset += BLOCK) compress(at + offset);
  const rest = length - whole;
  memory.fill(TAIL, 0, 2 * BLOCK);
  memory.copy(TAIL, at + whole, rest);
  store<u8>(TAIL + rest, 0x80);
  const tailBlocks: u32 = rest < 56 ? 1 : 2;
  const bits = (<u64>before + <u64>length) << 3;
  store<u64>(TAIL + ((<usize>tailBlocks) << 6) - 8, bswap<u64>(bits));
  compress(TAIL);
  if (tailBlocks === 2) compress(TAIL + BLOCK);
}

function word(at: usize, i: i32): u32 {
  return load<u32>(at + ((<usize>i) << 2));
}

function compress(block: usize): void {
  for (let i = 0; i < 16; i++) {
    store<u32>(SCHEDULE + ((<usize>i) << 2), bswap<u32>(load<u32>(block + ((<usize>i) << 2))));
  }
  for (let i = 16; i < 64; i++) {
    const w15 = word(SCHEDULE, i - 15);
    const w2 = word(SCHEDULE, i - 2);
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(
      SCHEDULE + ((<usize>i) << 2),
      word(SCHEDULE, i - 16) + s0 + word(SCHEDULE, i - 7) + s1,
    );
  }
  let a = word(STATE, 0);
  let b = word(STATE, 1);
  let c = word(STATE, 2);
  let d = word(STATE, 3);
  let e = word(STATE, 4);
  let f = word(STATE, 5);
  let g = word(STATE, 6);
  let h = word(STATE, 7);
  for (let i = 0; i < 64; i++) {
    const s1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const choose = (e & f) ^ (~e & g);
    const t1 = h + s1 + choose + unchecked(K[i]) + word(SCHEDULE, i);
    const s0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + s0 + majority;
  }
  store<u32>(STATE, word(STATE, 0) + a);
  store<u32>(STATE + 4, word(STATE, 1) + b);
  store<u32>(STATE + 8, word(STATE, 2) + c);
  store<u32>(STATE + 12, word(STATE, 3) + d);
  store<u32>(STATE + 16, word(STATE, 4) + e);
  store<u32>(STATE + 20, word(STATE, 5) + f);
  store<u32>(STATE + 24, word(STATE, 6) + g);
  store<u32>(STATE + 28, word(STATE, 7) + h);
}
