// SearchEngine: one WebAssembly instance holding one Ranking bundle and one
// marketplace snapshot, ranking searches with `rank` (docs/marketplace.md).
// The host's part per search: split `q` into words, find each in the snapshot's
// dictionary, write a dozen input words, read the result records and decode
// the few strings they name.
import {
  AdField,
  BundleKind,
  ErrorCode,
  OpeningArray,
  RankInput,
  RankingField,
  RankOutput,
  ResultField,
  Section,
  SnapshotMeta,
} from "../assembly/abi.ts";
import { BundleError, EngineError } from "./errors.ts";
import { checked, type EngineExports, instantiate, trapError } from "./instance.ts";
import { SnapshotView } from "./snapshot-view.ts";
import { MAX_QUERY_TOKENS, tokenize } from "./tokens.ts";
import { NONE, viewOf } from "./view.ts";

export interface SearchQuery {
  lat: number;
  lon: number;
  /** Free text; every word must match (title or description). Empty: every opening. */
  q?: string;
  /** 1–100 results; 20 when left out. */
  limit?: number;
  /** The searcher's now: freshness is counted from it. */
  at: Date;
}

export interface SearchResult {
  opening: string;
  provider: string;
  title: string;
  priceMinor: number;
  mediaUrl: string | null;
  distanceKm: number;
  /** 1-based. */
  position: number;
  sponsored: boolean;
  /** The organic score for this search, 0..1 (sponsored results too). */
  score: number;
  /** The campaign of a sponsored result, else null. */
  campaign: string | null;
  /** What a click on a sponsored result costs, in minor units; 0 when organic. */
  cpcMinor: number;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** Openings that matched the words and the distance. */
  matched: number;
  /** Ads that could enter the auction. */
  eligibleAds: number;
}

export interface SnapshotInfo {
  country: string;
  category: string;
  currency: string;
  createdAt: string;
  openings: number;
  tokens: number;
  ads: number;
}

export interface RankingInfo {
  tenant: string;
  name: string;
  country: string;
  /** null: the Ranking applies to every category of its country. */
  category: string | null;
  maxDistanceKm: number;
  /** 1-based positions of the sponsored slots. */
  slots: number[];
  qualityFloor: number;
  reservePriceMinor: number;
}

const RESULT_WORDS = RankOutput.FirstResult + RankInput.MaxLimit * ResultField.Words;
const DEFAULT_LIMIT = 20;

export class SearchEngine {
  readonly ranking: RankingInfo;
  readonly snapshot: SnapshotInfo;
  readonly #exports: EngineExports;
  readonly #view: SnapshotView;
  readonly #input: Int32Array;
  readonly #output: Uint32Array;
  #broken = false;

  private constructor(exports: EngineExports, ranking: RankingInfo, view: SnapshotView) {
    this.#exports = exports;
    this.ranking = ranking;
    this.#view = view;
    this.snapshot = {
      country: view.string(view.meta(SnapshotMeta.Country)),
      category: view.string(view.meta(SnapshotMeta.Category)),
      currency: view.string(view.meta(SnapshotMeta.Currency)),
      createdAt: new Date(view.meta(SnapshotMeta.CreatedAtMinute) * 60_000).toISOString(),
      openings: view.count,
      tokens: view.meta(SnapshotMeta.TokenCount),
      ads: view.meta(SnapshotMeta.AdCount),
    };
    // Views are made after load: rank never grows memory, so they stay valid.
    const { buffer } = exports.memory;
    this.#input = new Int32Array(
      buffer,
      exports.inputPtr(),
      RankInput.FirstToken + RankInput.MaxTokens,
    );
    this.#output = new Uint32Array(buffer, exports.resultsPtr(), RESULT_WORDS);
  }

  /**
   * Instantiates `module` with a Ranking bundle and a snapshot of the same country (and of the
   * Ranking's category, unless it has none). Throws BundleError when the engine refuses either.
   */
  static load(module: WebAssembly.Module, ranking: Uint8Array, snapshot: Uint8Array): SearchEngine {
    const exports = instantiate(module, ranking, BundleKind.Ranking);
    const at = exports.snapshotAlloc(snapshot.byteLength);
    if (at === 0) {
      throw new BundleError(
        ErrorCode.BadBounds,
        `snapshot of ${snapshot.byteLength} bytes is too large`,
      );
    }
    new Uint8Array(exports.memory.buffer, at, snapshot.byteLength).set(snapshot);
    const code = exports.loadSnapshot(snapshot.byteLength);
    if (code !== ErrorCode.Ok) throw new BundleError(code);
    const info = readRanking(ranking);
    const view = new SnapshotView(new Uint8Array(exports.memory.buffer, at, snapshot.byteLength));
    const engine = new SearchEngine(exports, info, view);
    const { country, category } = engine.snapshot;
    if (info.country !== country || (info.category !== null && info.category !== category)) {
      throw new BundleError(
        ErrorCode.NotPbx,
        `the Ranking ranks ${info.country}/${info.category ?? "*"}, the snapshot holds ${country}/${category}`,
      );
    }
    return engine;
  }

  /** Memory size: constant after load. */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  /** Ranks one search. Throws EngineError on bad input (-11) or when the instance trapped (-20). */
  search(query: SearchQuery): SearchAnswer {
    if (this.#broken) throw new EngineError(ErrorCode.Trapped);
    this.#writeInput(query);
    let code: number;
    try {
      code = this.#exports.rank();
    } catch (error) {
      this.#broken = true;
      throw trapError(error);
    }
    checked(code);
    return this.#readOutput();
  }

  #writeInput({ lat, lon, q = "", limit = DEFAULT_LIMIT, at }: SearchQuery): void {
    const bad = (message: string) => new EngineError(ErrorCode.BadInput, `bad search: ${message}`);
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw bad("lat must be −90..90 and lon −180..180");
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > RankInput.MaxLimit) {
      throw bad(`limit must be a whole number from 1 to ${RankInput.MaxLimit}`);
    }
    if (Number.isNaN(at.getTime())) throw bad("at is not a valid date");
    const words = [...new Set(tokenize(q))];
    if (words.length > MAX_QUERY_TOKENS) {
      throw bad(`q has ${words.length} different words; at most ${MAX_QUERY_TOKENS}`);
    }
    const input = this.#input;
    input[RankInput.LatE6] = Math.round(lat * 1e6);
    input[RankInput.LonE6] = Math.round(lon * 1e6);
    input[RankInput.Limit] = limit;
    input[RankInput.NowMinute] = Math.floor(at.getTime() / 60_000);
    input[RankInput.TokenCount] = words.length;
    words.forEach((word, t) => {
      input[RankInput.FirstToken + t] = this.#view.tokenId(word);
    });
  }

  #readOutput(): SearchAnswer {
    const out = this.#output;
    const view = this.#view;
    const count = out[RankOutput.Count] as number;
    const results: SearchResult[] = new Array(count);
    for (let k = 0; k < count; k++) {
      // No closure per result: the bundlers' keepNames wraps each one made per call.
      const base = RankOutput.FirstResult + k * ResultField.Words;
      const opening = out[base + ResultField.Opening] as number;
      const ad = out[base + ResultField.Ad] as number;
      results[k] = {
        opening: view.text(view.opening(OpeningArray.Id, opening)),
        provider: view.text(view.opening(OpeningArray.Provider, opening)),
        title: view.text(view.opening(OpeningArray.Title, opening)),
        priceMinor: view.opening(OpeningArray.PriceMinor, opening),
        mediaUrl: view.optionalText(view.opening(OpeningArray.Media, opening)),
        distanceKm: (out[base + ResultField.DistanceM] as number) / 1000,
        position: k + 1,
        sponsored: ((out[base + ResultField.Flags] as number) & 1) === 1,
        score: (out[base + ResultField.ScoreE6] as number) / 1e6,
        campaign: ad === NONE ? null : view.text(view.ad(ad, AdField.Campaign)),
        cpcMinor: out[base + ResultField.CpcMinor] as number,
      };
    }
    return {
      results,
      matched: out[RankOutput.Matched] as number,
      eligibleAds: out[RankOutput.Eligible] as number,
    };
  }
}

/** The Ranking's parameters, for `info` and the country/category check. */
function readRanking(bundle: Uint8Array): RankingInfo {
  const view = viewOf(bundle);
  const at = view.section(Section.Ranking);
  const word = (field: RankingField) => view.word(at + field * 4);
  return {
    tenant: view.strings[word(RankingField.Tenant)] ?? "",
    name: view.strings[word(RankingField.Name)] ?? "",
    country: view.strings[word(RankingField.Country)] ?? "",
    category: view.optionalString(word(RankingField.Category)) ?? null,
    maxDistanceKm: word(RankingField.MaxDistanceKm),
    slots: Array.from(view.lists[word(RankingField.Slots)] ?? []),
    qualityFloor: word(RankingField.QualityFloor) / 1e6,
    reservePriceMinor: word(RankingField.ReservePrice),
  };
}
