/**
 * Country data at the edge, as the control plane publishes it when an operator
 * publishes a Country file: `country-index` (`{"46": "SE", ...}`: calling code →
 * ISO code) and `country/<CC>` (`{"bundle": "<sha256>"}`) naming a Country bundle.
 *
 * Emergency calls depend on this data, so a warm isolate never waits for it:
 * whatever is cached is served at once and refreshed in the background when
 * older than REFRESH_MS, and the last copy survives a KV outage. Only a cold
 * isolate reads synchronously, within a short budget of its own.
 */
import { type CountryInfo, readCountry } from "@switchboard/wasm";
import { z } from "zod";
import type { Budget } from "../budget.ts";
import { fetchBundle, KvCache, loadBundle, parseJson, sha256Hex } from "../bundle-store/index.ts";
import { Lru } from "../lru.ts";

export const INDEX_KEY = "country-index";
/** Like DID pointers: a published Country is served within about two seconds. */
const REFRESH_MS = 1_000;

const indexSchema = z.record(z.string().regex(/^[1-9][0-9]{0,2}$/), z.string().regex(/^[A-Z]{2}$/));
const pointerSchema = z.object({ bundle: sha256Hex });

const indexes = new KvCache(1, REFRESH_MS, (key, raw) => parseJson(key, raw, indexSchema));
const pointers = new KvCache(512, REFRESH_MS, (key, raw) => parseJson(key, raw, pointerSchema));
/** Decoded Country bundles by hash: immutable, so kept while there is room. */
const countries = new Lru<string, CountryInfo>(512);

export interface CountryLookup {
  kv: KVNamespace;
  module: WebAssembly.Module;
  /** Bounds the reads of a cold isolate. */
  budget: Budget;
  /** Keeps a background refresh alive after the answer (`waitUntil`). */
  background(work: Promise<unknown>): void;
}

/** The country whose calling code is the longest prefix of `number` (E.164), or null. */
export async function countryOfNumber(
  lookup: CountryLookup,
  number: string,
): Promise<CountryInfo | null> {
  if (!number.startsWith("+")) return null;
  const index = await cachedFirst(lookup, indexes, INDEX_KEY);
  const code = index && callingCountry(index, number);
  return code ? countryByCode(lookup, code) : null;
}

/**
 * `countryOfNumber` from this isolate's copies alone, at once (stale ones refreshed in the
 * background the same way), or undefined when something it needs was never read or decoded
 * here: then only `countryOfNumber` can tell. It runs before every decision, and a warm
 * isolate has everything, so most calls need no await.
 */
export function knownCountryOf(
  lookup: CountryLookup,
  number: string,
): CountryInfo | null | undefined {
  if (!number.startsWith("+")) return null;
  const index = cachedAtOnce(lookup, indexes, INDEX_KEY);
  if (!index) return index;
  const code = callingCountry(index, number);
  if (!code) return null;
  const pointer = cachedAtOnce(lookup, pointers, `country/${code}`);
  if (!pointer) return pointer;
  return countries.get(pointer.bundle);
}

/** The ISO code of the longest calling code (1–3 digits) that prefixes `number`. */
function callingCountry(index: Record<string, string>, number: string): string | null {
  for (let length = Math.min(3, number.length - 1); length >= 1; length--) {
    const code = index[number.slice(1, 1 + length)];
    if (code) return code;
  }
  return null;
}

/** The published country `code` (e.g. "SE"), or null when it is not (or cannot be) known. */
export async function countryByCode(
  lookup: CountryLookup,
  code: string,
): Promise<CountryInfo | null> {
  const pointer = await cachedFirst(lookup, pointers, `country/${code}`);
  if (!pointer) return null;
  const known = countries.get(pointer.bundle);
  if (known) return known;
  try {
    const bytes = await fetchBundle(lookup.kv, pointer.bundle, lookup.budget);
    const info = loadBundle(pointer.bundle, () => readCountry(lookup.module, bytes));
    countries.set(pointer.bundle, info);
    return info;
  } catch (error) {
    logFailure(`bundle/${pointer.bundle}`, error);
    return null;
  }
}

/** A country already in this isolate, without any read: for checks that must not wait. */
export function cachedCountry(code: string): CountryInfo | null {
  const hash = pointers.peek(`country/${code}`)?.value?.bundle;
  return (hash && countries.get(hash)) || null;
}

/**
 * Serves what is cached at once (refreshing it in the background when old);
 * reads only when nothing is; never throws (a failure is "not known").
 */
async function cachedFirst<T>(
  lookup: CountryLookup,
  cache: KvCache<T>,
  key: string,
): Promise<T | null> {
  try {
    return await cache.readCachedFirst(lookup.kv, key, lookup.budget, lookup.background, (e) =>
      logFailure(key, e),
    );
  } catch (error) {
    logFailure(key, error);
    return null;
  }
}

/** `cachedFirst` without the read: undefined when `key` was never read here. Never throws. */
function cachedAtOnce<T>(
  lookup: CountryLookup,
  cache: KvCache<T>,
  key: string,
): T | null | undefined {
  try {
    return cache.cachedNow(lookup.kv, key, lookup.background, (e) => logFailure(key, e));
  } catch (error) {
    logFailure(key, error);
    return null;
  }
}

function logFailure(key: string, error: unknown): void {
  console.error(JSON.stringify({ msg: "country data unavailable", key, error: String(error) }));
}
