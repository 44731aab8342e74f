// The ceiling: a minimal Hono worker that answers every call webhook with the
// same constant body (no auth, no parsing, no engine). Built by wrangler, like
// the edge, and served by the same workerd.
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

const app = new Hono();
app.post("/v1/calls", (c) => c.json(ANSWER));

export default app;
