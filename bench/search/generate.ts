// The benchmark's marketplace, the same on every run (a seeded PRNG): 50,000
// openings of one country in 30 categories (a few big, many small, as real
// marketplaces are), spread over a 50 km wide disc around Stockholm, with
// titles and descriptions drawn from category words, a Zipf-distributed
// vocabulary of everyday listing words and a long tail of rare names; ids are
// UUIDs, 70 % have a photo URL, 15 % run a campaign.
import type { SnapshotOpening } from "@switchboard/rules-compiler";

export const CENTRE = { lat: 59.3293, lon: 18.0686 };
export const SPREAD_KM = 25;
export const NOW = new Date("2026-11-21T12:00:00Z");

export const CATEGORIES: Record<string, string[]> = {
  florist: [
    "roses",
    "tulips",
    "bouquet",
    "wedding",
    "funeral",
    "wreath",
    "orchids",
    "peonies",
    "lilies",
    "plants",
  ],
  hairdresser: [
    "haircut",
    "colour",
    "highlights",
    "blowdry",
    "styling",
    "perm",
    "fringe",
    "curls",
    "balayage",
    "trim",
  ],
  plumber: [
    "leak",
    "pipes",
    "drain",
    "boiler",
    "toilet",
    "shower",
    "radiator",
    "tap",
    "sewer",
    "heating",
  ],
  electrician: [
    "wiring",
    "sockets",
    "lighting",
    "fusebox",
    "charger",
    "installation",
    "inspection",
    "lamps",
    "outlets",
    "cables",
  ],
  carpenter: [
    "kitchen",
    "cabinets",
    "shelves",
    "doors",
    "floors",
    "decking",
    "wardrobe",
    "stairs",
    "furniture",
    "timber",
  ],
  painter: [
    "walls",
    "facade",
    "wallpaper",
    "ceiling",
    "interior",
    "exterior",
    "primer",
    "colours",
    "plaster",
    "trim",
  ],
  cleaner: [
    "cleaning",
    "windows",
    "moving",
    "office",
    "deep",
    "carpet",
    "laundry",
    "ironing",
    "kitchen",
    "bathroom",
  ],
  gardener: [
    "lawn",
    "hedges",
    "pruning",
    "planting",
    "trees",
    "weeding",
    "garden",
    "mowing",
    "leaves",
    "soil",
  ],
  locksmith: [
    "locks",
    "keys",
    "lockout",
    "safes",
    "cylinder",
    "security",
    "doors",
    "alarm",
    "emergency",
    "entry",
  ],
  mover: [
    "moving",
    "boxes",
    "piano",
    "storage",
    "van",
    "packing",
    "furniture",
    "relocation",
    "lifting",
    "transport",
  ],
  photographer: [
    "portraits",
    "wedding",
    "headshots",
    "events",
    "family",
    "product",
    "studio",
    "prints",
    "newborn",
    "drone",
  ],
  tutor: [
    "maths",
    "physics",
    "chemistry",
    "english",
    "swedish",
    "exam",
    "homework",
    "lessons",
    "programming",
    "reading",
  ],
  "dog-walker": [
    "dogs",
    "walks",
    "puppy",
    "daycare",
    "leash",
    "park",
    "exercise",
    "pets",
    "sitting",
    "feeding",
  ],
  "pet-groomer": [
    "grooming",
    "bath",
    "nails",
    "fur",
    "shampoo",
    "cats",
    "dogs",
    "trimming",
    "brushing",
    "spa",
  ],
  massage: [
    "massage",
    "deep",
    "tissue",
    "relaxing",
    "sports",
    "back",
    "shoulders",
    "aromatherapy",
    "hot",
    "stones",
  ],
  "nail-salon": [
    "manicure",
    "pedicure",
    "gel",
    "acrylic",
    "nails",
    "polish",
    "art",
    "extensions",
    "cuticles",
    "shellac",
  ],
  barber: [
    "beard",
    "shave",
    "fade",
    "haircut",
    "trim",
    "razor",
    "moustache",
    "clippers",
    "towel",
    "styling",
  ],
  tailor: [
    "alterations",
    "hemming",
    "suits",
    "dresses",
    "repairs",
    "zips",
    "trousers",
    "tailoring",
    "fitting",
    "bespoke",
  ],
  "bike-repair": [
    "bicycle",
    "tyres",
    "brakes",
    "gears",
    "chain",
    "puncture",
    "service",
    "wheels",
    "ebike",
    "spokes",
  ],
  "car-repair": [
    "brakes",
    "tyres",
    "oil",
    "service",
    "engine",
    "battery",
    "clutch",
    "exhaust",
    "diagnostics",
    "inspection",
  ],
  "it-support": [
    "computer",
    "laptop",
    "network",
    "wifi",
    "printer",
    "virus",
    "backup",
    "software",
    "repair",
    "setup",
  ],
  accountant: [
    "bookkeeping",
    "taxes",
    "payroll",
    "invoices",
    "accounts",
    "vat",
    "returns",
    "audit",
    "budget",
    "reports",
  ],
  lawyer: [
    "contracts",
    "family",
    "divorce",
    "estate",
    "employment",
    "property",
    "disputes",
    "wills",
    "immigration",
    "advice",
  ],
  translator: [
    "translation",
    "documents",
    "certified",
    "german",
    "french",
    "spanish",
    "arabic",
    "finnish",
    "legal",
    "technical",
  ],
  "personal-trainer": [
    "training",
    "strength",
    "fitness",
    "weight",
    "running",
    "nutrition",
    "gym",
    "coaching",
    "cardio",
    "mobility",
  ],
  yoga: [
    "yoga",
    "vinyasa",
    "hatha",
    "meditation",
    "breathing",
    "flexibility",
    "classes",
    "mindfulness",
    "stretching",
    "pilates",
  ],
  babysitter: [
    "babysitting",
    "children",
    "evenings",
    "weekends",
    "nanny",
    "toddlers",
    "school",
    "pickup",
    "homework",
    "care",
  ],
  caterer: [
    "catering",
    "buffet",
    "canapes",
    "weddings",
    "parties",
    "vegan",
    "menus",
    "dinner",
    "lunch",
    "corporate",
  ],
  baker: [
    "cakes",
    "bread",
    "pastries",
    "cupcakes",
    "sourdough",
    "birthday",
    "cookies",
    "gluten",
    "buns",
    "wedding",
  ],
  beautician: [
    "facial",
    "waxing",
    "lashes",
    "brows",
    "skincare",
    "makeup",
    "peeling",
    "tinting",
    "threading",
    "spa",
  ],
};

/** Everyday listing words, most common first (drawn with Zipf weights 1 / rank). */
const COMMON =
  `we offer professional quality service experienced fast friendly affordable local booking
stockholm book today available weekends evenings prices free quote years experience reliable clean
certified insured satisfaction guaranteed small large jobs home office customers reviews trusted
team family owned since call message online card swish payment discount students seniors first
visit appointment flexible hours short notice nearby area including södermalm kungsholmen vasastan
östermalm norrmalm solna sundbyberg nacka lidingö bromma hägersten farsta täby danderyd huddinge
järfälla sollentuna upplands väsby haninge tyresö värmdö gamla stan hammarby sjöstad liljeholmen
new modern traditional eco friendly organic sustainable premium standard express same day next week
booking required walk ins welcome parking nearby metro station bus stop english svenska spoken
high standards careful attention detail personal approach consultation included materials tools
`
    .split(/\s+/)
    .filter((w) => w.length > 0);

/**
 * The long tail real listings have (street and place names, brands, products): 4,000 words
 * made of Swedish-sounding syllables, drawn with Zipf weights, so most are rare.
 */
const SYLLABLES =
  "al ber bo da dal ek fjäll gran hag holm kar lid lund mo näs ro sjö sol strand sund tor vik än ös".split(
    " ",
  );
const ENDINGS = ["", "en", "a", "gatan", "vägen", "berg", "by", "s", "ström", "ia"];
const TAIL = Array.from({ length: 4000 }, (_, i) => {
  const s = SYLLABLES.length;
  const first = SYLLABLES[i % s] as string;
  const second = SYLLABLES[Math.floor(i / s) % s] as string;
  return `${first}${second}${ENDINGS[Math.floor(i / (s * s)) % ENDINGS.length]}`;
});

const TITLE_STARTS = [
  "",
  "Best",
  "Fast",
  "Local",
  "Affordable",
  "Professional",
  "Friendly",
  "Premium",
  "Eco",
];

export interface Marketplace {
  openings: (SnapshotOpening & { category: string })[];
}

/** mulberry32: small, fast, and the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfPicker(count: number, random: () => number, exponent = 1): () => number {
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += 1 / (i + 1) ** exponent;
    cumulative[i] = sum;
  }
  return () => {
    const x = random() * sum;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < x) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Great-circle distance (haversine, Earth radius 6371.0088 km). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point uniformly inside the disc of `km` around `centre`. */
export function pointNear(random: () => number, centre: { lat: number; lon: number }, km: number) {
  const r = km * Math.sqrt(random());
  const angle = random() * 2 * Math.PI;
  const dLat = ((r * Math.cos(angle)) / 6371.0088) * (180 / Math.PI);
  const dLon =
    dLat === 0 && r === 0
      ? 0
      : (((r * Math.sin(angle)) / 6371.0088) * (180 / Math.PI)) /
        Math.cos((centre.lat * Math.PI) / 180);
  return { lat: centre.lat + dLat, lon: centre.lon + dLon };
}

function microDegrees(point: { lat: number; lon: number }) {
  return { lat: Math.round(point.lat * 1e6) / 1e6, lon: Math.round(point.lon * 1e6) / 1e6 };
}

export function generateMarketplace(count: number, seed = 20261121): Marketplace {
  const random = prng(seed);
  const names = Object.keys(CATEGORIES);
  const category = zipfPicker(names.length, random, 0.8);
  const common = zipfPicker(COMMON.length, random, 1);
  const tail = zipfPicker(TAIL.length, random, 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const providers = Array.from({ length: Math.ceil(count / 4) }, () => uuid(random));
  const openings = Array.from({ length: count }, () => {
    const name = names[category()] as string;
    const own = CATEGORIES[name] as string[];
    const titleWords = [
      pick(TITLE_STARTS),
      ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(own)),
      name.replace("-", " "),
    ];
    const title = titleWords
      .filter((w) => w)
      .map((w) => w[0]?.toUpperCase() + w.slice(1))
      .join(" ");
    const words = Array.from({ length: 15 + Math.floor(random() * 30) }, () => {
      const kind = random();
      if (kind < 0.25) return pick(own);
      return kind < 0.85 ? (COMMON[common()] as string) : (TAIL[tail()] as string);
    });
    const description = `${words.join(" ")}.`;
    const published = NOW.getTime() - Math.floor(random() * 365 * 86_400_000);
    const advertises = random() < 0.15;
    const id = uuid(random);
    return {
      id,
      providerId: pick(providers),
      category: name,
      title,
      description: description[0]?.toUpperCase() + description.slice(1),
      // In micro-degrees, as the snapshot keeps them: every engine sees the same points.
      ...microDegrees(pointNear(random, CENTRE, SPREAD_KM)),
      // Every provider serves at least the searches' 10 km, so "within 10 km" is the same
      // filter for every engine (Orama cannot filter by a radius per document).
      radiusKm: 10 + Math.floor(random() * 31),
      rating: Math.round((3 + random() * 2) * 10) / 10,
      responseRate: Math.round((0.3 + random() * 0.7) * 100) / 100,
      publishedAt: new Date(published).toISOString(),
      priceMinor: (100 + Math.floor(random() * 4900)) * 100,
      mediaUrl:
        random() < 0.7 ? `https://media.switchboard.example/openings/${id}/cover.jpg` : null,
      ad: advertises
        ? {
            campaignId: uuid(random),
            bidMinor: 100 + Math.floor(random() * 1900),
            quality: Math.round((0.5 + random() * 0.5) * 100) / 100,
            pacing: random() < 0.1 ? 0 : Math.round(random() * 100) / 100,
          }
        : null,
    };
  });
  return { openings };
}
