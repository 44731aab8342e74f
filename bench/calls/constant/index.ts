// The ceiling: a minimal Hono worker that answers every call webhook, and every
// search, with the same constant body (no auth, no parsing, no engine). Built by
// wrangler, like the edge, and served by the same workerd.
import { Hono } from "hono";

const ANSWER = {
  callId: "c-constant",
  actions: [
    {
      type: "gather",
      prompt: { tts: "Välkommen till blomsterbutiken.", language: "sv-SE" },
      maxDigits: 1,
      timeoutSec: 5,
    },
  ],
  state: null,
  meta: { bundle: null, node: "main_menu", region: "BENCH", decisionUs: 0, fallback: false },
};

/** Twenty results of the size a real search answers, tokens included. */
const SEARCH = {
  results: Array.from({ length: 20 }, (_, i) => ({
    opening: "3f1c0d2e-8a4b-4c6d-a1e2-9b8c7d6e5f40",
    provider: "7a6b5c4d-3e2f-4a1b-b0c9-d8e7f6a5b4c3",
    title: "Fresh roses and tulips florist",
    priceMinor: 45_000,
    currency: "SEK",
    mediaUrl:
      "https://media.switchboard.example/openings/3f1c0d2e-8a4b-4c6d-a1e2-9b8c7d6e5f40/cover.jpg",
    distanceKm: 3.2,
    position: i + 1,
    sponsored: i === 0,
    score: 0.8123,
    token: "x".repeat(300),
  })),
  meta: {
    queryId: "q",
    snapshot: null,
    ranking: null,
    region: "BENCH",
    matched: 200,
    searchUs: 0,
    fallback: false,
  },
};

const app = new Hono();
app.post("/v1/calls", (c) => c.json(ANSWER));
app.get("/v1/search", (c) => c.json(SEARCH));

export default app;
