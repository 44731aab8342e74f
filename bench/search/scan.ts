// The floor: a hand-written scan over typed arrays in TypeScript, computing exactly what
// docs/marketplace.md ("Ranking") says the engine computes (the same features, the same
// fixed-point inputs, the same auction), over every opening of the country. The benchmark
// refuses to measure unless the engine's answers equal this scan's.
import { tokenize } from "@switchboard/wasm";
import type { Marketplace } from "./generate.ts";
import type { Query } from "./queries.ts";
import { RANKING } from "./ranking.ts";

const EARTH_KM = 6371.0088;
const K1 = 1.2;
const B = 0.75;
const RADIANS = Math.PI / 180 / 1e6;

export interface ScanResult {
  opening: string;
  position: number;
  sponsored: boolean;
  score: number;
  cpcMinor: number;
}

export interface ScanAnswer {
  results: ScanResult[];
  matched: number;
}

interface Stats {
  count: number;
  meanLength: number;
}

const weight = (w: number) => Math.round(w * 1e6) / 1e6;
const W = {
  text: weight(RANKING.weights.text),
  distance: weight(RANKING.weights.distance),
  rating: weight(RANKING.weights.rating),
  response: weight(RANKING.weights.responseRate),
  freshness: weight(RANKING.weights.freshness),
};
const WEIGHT_SUM = W.text + W.distance + W.rating + W.response + W.freshness;
const HALF_LIFE = RANKING.freshnessHalfLifeDays * 1440;
const MAX_KM = RANKING.maxDistanceKm;

const halving = (minutes: number) => Math.exp((-Math.LN2 * minutes) / HALF_LIFE);
const chordSquared = (km: number) => {
  const angle = km / EARTH_KM;
  if (angle >= Math.PI) return 4;
  const chord = 2 * Math.sin(angle / 2);
  return chord * chord;
};
const kmOf = (chord: number) => {
  const half = Math.sqrt(chord) / 2;
  return 2 * EARTH_KM * Math.asin(half < 1 ? half : 1);
};

export class TypedArrayScan {
  readonly n: number;
  readonly ids: string[];
  readonly #category: Uint8Array;
  readonly #categories: string[];
  readonly #geo: Float64Array; // x, y, z, reach² per opening
  readonly #base: Float64Array;
  readonly #fresh: Float64Array;
  readonly #length: Float64Array;
  readonly #order: Uint32Array; // the snapshot's order (latitude, longitude, id): tie-breaks
  readonly #bid: Float64Array; // 0: no campaign
  readonly #qualityE3: Float64Array;
  readonly #pacingE3: Float64Array;
  readonly #created: number;
  /** Per word: the field bits of every opening (title 1, description 2). */
  readonly #fields = new Map<string, Uint8Array>();
  readonly #df = new Map<string, { total: number; byCategory: Int32Array }>();
  readonly #stats: Stats[];
  readonly #all: Stats;
  /** Per opening, the BM25 term score for field bits 1, 2, 3: in its category, and among all. */
  readonly #terms: Float64Array;
  readonly #termsAll: Float64Array;

  constructor(market: Marketplace, createdAt: Date) {
    const openings = market.openings;
    const n = openings.length;
    this.n = n;
    this.ids = openings.map((o) => o.id);
    this.#categories = [...new Set(openings.map((o) => o.category))].sort();
    this.#category = Uint8Array.from(openings, (o) => this.#categories.indexOf(o.category));
    this.#geo = new Float64Array(n * 4);
    this.#base = new Float64Array(n);
    this.#fresh = new Float64Array(n);
    this.#length = new Float64Array(n);
    this.#bid = new Float64Array(n);
    this.#qualityE3 = new Float64Array(n);
    this.#pacingE3 = new Float64Array(n);
    this.#created = Math.floor(createdAt.getTime() / 60_000);
    const lengthSums = new Float64Array(this.#categories.length);
    const counts = new Int32Array(this.#categories.length);
    openings.forEach((o, i) => {
      const lat = Math.round(o.lat * 1e6) * RADIANS;
      const lon = Math.round(o.lon * 1e6) * RADIANS;
      const c = Math.cos(lat);
      this.#geo.set([c * Math.cos(lon), c * Math.sin(lon), Math.sin(lat)], i * 4);
      this.#geo[i * 4 + 3] = chordSquared(Math.round(o.radiusKm * 1000) / 1000);
      this.#base[i] =
        (W.rating * Math.round(o.rating * 1000)) / 5000 +
        (W.response * Math.round(o.responseRate * 1000)) / 1000;
      const published = Math.floor(Date.parse(o.publishedAt) / 60_000);
      this.#fresh[i] = halving(this.#created - published);
      const length = tokenize(o.title).length + tokenize(o.description).length;
      this.#length[i] = length;
      const at = this.#category[i] as number;
      lengthSums[at] = (lengthSums[at] as number) + length;
      counts[at] = (counts[at] as number) + 1;
      if (o.ad) {
        this.#bid[i] = o.ad.bidMinor;
        this.#qualityE3[i] = Math.round(o.ad.quality * 1000);
        this.#pacingE3[i] = Math.round(o.ad.pacing * 1000);
      }
    });
    this.#stats = this.#categories.map((_, c) => ({
      count: counts[c] as number,
      meanLength: (lengthSums[c] as number) / (counts[c] as number) || 1,
    }));
    this.#all = { count: n, meanLength: lengthSums.reduce((a, b) => a + b, 0) / n || 1 };
    const terms = (mean: (i: number) => number) => {
      const out = new Float64Array(n * 3);
      for (let i = 0; i < n; i++) {
        const norm = K1 * (1 - B + (B * (this.#length[i] as number)) / mean(i));
        out[i * 3] = (2 * (K1 + 1)) / (2 + norm);
        out[i * 3 + 1] = (1 * (K1 + 1)) / (1 + norm);
        out[i * 3 + 2] = (3 * (K1 + 1)) / (3 + norm);
      }
      return out;
    };
    this.#terms = terms((i) => (this.#stats[this.#category[i] as number] as Stats).meanLength);
    this.#termsAll = terms(() => this.#all.meanLength);
    const e6 = openings.map((o) => [Math.round(o.lat * 1e6), Math.round(o.lon * 1e6)]);
    const sorted = openings
      .map((_, i) => i)
      .sort((a, b) => {
        const [la, loa] = e6[a] as number[];
        const [lb, lob] = e6[b] as number[];
        const ia = this.ids[a] as string;
        const ib = this.ids[b] as string;
        return (
          (la as number) - (lb as number) || (loa as number) - (lob as number) || (ia < ib ? -1 : 1)
        );
      });
    this.#order = new Uint32Array(n);
    sorted.forEach((i, rank) => {
      this.#order[i] = rank;
    });
    // Index every query word the benchmark uses lazily (fieldsOf), like a per-word column.
    this.#openings = openings;
  }

  readonly #openings: Marketplace["openings"];

  /** Field bits of `word` for every opening (built once per word). */
  #fieldsOf(word: string): Uint8Array {
    let fields = this.#fields.get(word);
    if (!fields) {
      fields = new Uint8Array(this.n);
      const byCategory = new Int32Array(this.#categories.length);
      let total = 0;
      this.#openings.forEach((o, i) => {
        const f =
          (tokenize(o.title).includes(word) ? 1 : 0) |
          (tokenize(o.description).includes(word) ? 2 : 0);
        (fields as Uint8Array)[i] = f;
        if (f) {
          total += 1;
          const c = this.#category[i] as number;
          byCategory[c] = (byCategory[c] as number) + 1;
        }
      });
      this.#fields.set(word, fields);
      this.#df.set(word, { total, byCategory });
    }
    return fields;
  }

  /** Prepares the words of `q` (outside any timing). */
  prepare(q: string): void {
    for (const word of new Set(tokenize(q))) this.#fieldsOf(word);
  }

  /**
   * The ranked results; `category` null searches every opening as one snapshot (else the
   * category is its own snapshot, the edge's layout). `ads: false` ranks organic results only;
   * `all` collects the id of every match.
   */
  search(
    query: Query,
    category: string | null,
    at: Date,
    options: { ads?: boolean; all?: Set<string> } = {},
  ): ScanAnswer {
    const all = options.all;
    const words = [...new Set(tokenize(query.q))];
    const c = category === null ? -1 : this.#categories.indexOf(category);
    const stats = c < 0 ? this.#all : (this.#stats[c] as Stats);
    const fields = words.map((w) => this.#fieldsOf(w));
    const idf = words.map((w) => {
      const df = this.#df.get(w);
      const d = df ? (c < 0 ? df.total : (df.byCategory[c] as number)) : 0;
      return Math.log(1 + (stats.count - d + 0.5) / (d + 0.5));
    });
    const idfSum = idf.reduce((a, b) => a + b, 0);
    const lat = Math.round(query.lat * 1e6) * RADIANS;
    const lon = Math.round(query.lon * 1e6) * RADIANS;
    const cosLat = Math.cos(lat);
    const qx = cosLat * Math.cos(lon);
    const qy = cosLat * Math.sin(lon);
    const qz = Math.sin(lat);
    const maxReach = chordSquared(MAX_KM);
    const freshNow = halving(Math.floor(at.getTime() / 60_000) - this.#created);
    const slots = options.ads === false ? [] : RANKING.slots.filter((s) => s <= query.limit);
    const top = new Top(query.limit + slots.length);
    const ads: Ad[] = [];
    const geo = this.#geo;
    const terms = c < 0 ? this.#termsAll : this.#terms;
    const categories = this.#category;
    const base = this.#base;
    const freshAt = this.#fresh;
    const bids = this.#bid;
    let matched = 0;
    const t = fields.length;
    const textMax = idfSum * (K1 + 1) || 1;
    for (let i = 0; i < this.n; i++) {
      if (c >= 0 && categories[i] !== c) continue;
      let text = 0;
      let k = 0;
      for (; k < t; k++) {
        const f = (fields[k] as Uint8Array)[i] as number;
        if (f === 0) break;
        text += (idf[k] as number) * (terms[i * 3 + f - 1] as number);
      }
      if (k < t) continue;
      const rel = t > 0 ? text / textMax : 1;
      const dx = (geo[i * 4] as number) - qx;
      const dy = (geo[i * 4 + 1] as number) - qy;
      const dz = (geo[i * 4 + 2] as number) - qz;
      const chord = dx * dx + dy * dy + dz * dz;
      const reach = geo[i * 4 + 3] as number;
      if (chord > (reach < maxReach ? reach : maxReach)) continue;
      matched += 1;
      all?.add(this.ids[i] as string);
      let sum = base[i] as number;
      const fresh = (freshAt[i] as number) * freshNow;
      sum += W.freshness * (fresh < 1 ? fresh : 1);
      sum += W.text * rel;
      const bid = bids[i] as number;
      const auction = bid > 0 && slots.length > 0;
      // The chord is never longer than the arc: a bound that skips the arcsine.
      const nearest = 1 - (EARTH_KM * Math.sqrt(chord)) / MAX_KM;
      if (
        !auction &&
        (sum + W.distance * (nearest > 0 ? nearest : 0)) / WEIGHT_SUM < top.threshold()
      ) {
        continue;
      }
      const near = 1 - kmOf(chord) / MAX_KM;
      sum += W.distance * (near > 0 ? near : 0);
      const score = sum / WEIGHT_SUM;
      top.offer(score, this.#order[i] as number, i);
      if (auction) {
        const quality = (score * (this.#qualityE3[i] as number)) / 1000;
        const w = (quality * (this.#pacingE3[i] as number)) / 1000;
        const value = bid * w;
        if (bid >= RANKING.reservePrice && quality >= RANKING.qualityFloor && value > 0) {
          ads.push({ value, bid, order: this.#order[i] as number, i, score, weight: w });
        }
      }
    }
    ads.sort((a, b) => b.value - a.value || b.bid - a.bid || a.order - b.order);
    return { results: this.#merge(top.sorted(), ads, slots, query.limit), matched };
  }

  #merge(organic: Entry[], ads: Ad[], slots: number[], limit: number): ScanResult[] {
    const winners = ads.slice(0, slots.length);
    const won = new Set(winners.map((w) => w.i));
    const rest = organic.filter((e) => !won.has(e.i));
    const out: ScanResult[] = [];
    let next = 0;
    let w = 0;
    const ad = (k: number) => {
      const winner = winners[k] as Ad;
      const after = ads[k + 1];
      let price: number = RANKING.reservePrice;
      if (after) price = Math.max(price, Math.floor(after.value / winner.weight) + 1);
      out.push({
        opening: this.ids[winner.i] as string,
        position: out.length + 1,
        sponsored: true,
        score: Math.round(winner.score * 1e6) / 1e6,
        cpcMinor: Math.min(price, winner.bid),
      });
    };
    for (let position = 1; position <= limit; position++) {
      if (w < winners.length && (slots[w] as number) <= position) ad(w++);
      else if (next < rest.length) {
        const e = rest[next++] as Entry;
        out.push({
          opening: this.ids[e.i] as string,
          position: out.length + 1,
          sponsored: false,
          score: Math.round(e.score * 1e6) / 1e6,
          cpcMinor: 0,
        });
      } else if (w < winners.length) ad(w++);
      else break;
    }
    return out;
  }
}

interface Entry {
  score: number;
  order: number;
  i: number;
}

interface Ad {
  value: number;
  bid: number;
  order: number;
  i: number;
  score: number;
  weight: number;
}

/** The best `capacity` by score (then snapshot order), worst at the root of a min-heap. */
class Top {
  readonly #heap: Entry[] = [];
  constructor(readonly capacity: number) {}

  /** A score under this cannot enter (−∞ until full). */
  threshold(): number {
    return this.#heap.length < this.capacity ? -Infinity : (this.#heap[0] as Entry).score;
  }

  offer(score: number, order: number, i: number): void {
    const heap = this.#heap;
    const worse = (a: Entry, b: Entry) =>
      a.score < b.score || (a.score === b.score && a.order > b.order);
    const root = heap[0];
    if (
      heap.length >= this.capacity &&
      root &&
      (score < root.score || (score === root.score && order > root.order))
    ) {
      return;
    }
    const entry = { score, order, i };
    if (heap.length < this.capacity) {
      heap.push(entry);
      let k = heap.length - 1;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (!worse(entry, heap[parent] as Entry)) break;
        heap[k] = heap[parent] as Entry;
        k = parent;
      }
      heap[k] = entry;
      return;
    }
    let k = 0;
    for (;;) {
      const left = k * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && worse(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!worse(heap[child] as Entry, entry)) break;
      heap[k] = heap[child] as Entry;
      k = child;
    }
    heap[k] = entry;
  }

  sorted(): Entry[] {
    return [...this.#heap].sort((a, b) => b.score - a.score || a.order - b.order);
  }
}
