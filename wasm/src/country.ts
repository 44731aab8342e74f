// A Country bundle as the edge uses it: emergency numbers, the calling code,
// and the fallback answer. The engine checks the bytes (every reference, every
// fallback action) in a throwaway instance; nothing of a country runs in Wasm,
// so an emergency call never waits on, or fails with, an engine.
import { BundleKind, CountryField, RecordWords, Section } from "../assembly/abi.ts";
import { readAction } from "./actions.ts";
import { instantiate } from "./instance.ts";
import type { Action } from "./types.ts";
import { viewOf } from "./view.ts";

export interface CountryInfo {
  /** ISO 3166-1 alpha-2, e.g. "SE". */
  code: string;
  /** Digits without `+`, e.g. "46". */
  callingCode: string;
  nationalPrefix?: string;
  /** Short codes or E.164 numbers, the main one first. */
  emergencyNumbers: string[];
  timezone: string;
  languages: string[];
  currency: string;
  dataRegion: string;
  /** The answer when no bundle can run. */
  fallback: Action[];
}

/** Checks a Country bundle with the engine and decodes it; throws BundleError if refused. */
export function readCountry(module: WebAssembly.Module, bundle: Uint8Array): CountryInfo {
  instantiate(module, bundle, BundleKind.Country);
  const view = viewOf(bundle);
  const at = view.section(Section.Country);
  const word = (field: number) => view.word(at + field * 4);
  const str = (field: CountryField) => view.strings[word(field)] ?? "";
  // The fallback records use the engine's output action encoding.
  const words = new Uint32Array(CountryField.MaxFallbacks * RecordWords.Action);
  for (let i = 0; i < words.length; i++) words[i] = word(CountryField.FirstFallback + i);
  const fallback = Array.from({ length: word(CountryField.FallbackCount) }, (_, k) =>
    readAction({ ...view, queues: [] }, words, k * RecordWords.Action),
  );
  const nationalPrefix = view.optionalString(word(CountryField.NationalPrefix));
  return {
    code: str(CountryField.Code),
    callingCode: str(CountryField.CallingCode),
    ...(nationalPrefix === undefined ? {} : { nationalPrefix }),
    emergencyNumbers: view.stringList(word(CountryField.EmergencyNumbers)),
    timezone: str(CountryField.Timezone),
    languages: view.stringList(word(CountryField.Languages)),
    currency: str(CountryField.Currency),
    dataRegion: str(CountryField.DataRegion),
    fallback,
  };
}
