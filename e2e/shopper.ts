// A shopper at the edge, as e2e tests play one: searches the florists near central Stockholm
// and posts back what was clicked or requested.
import type { Stack } from "../local/stack.ts";

/** Central Stockholm; the tests' competitor is closer than their florist. */
export const shopper = { lat: 59.3326, lon: 18.0649 };

export interface SearchResult {
  opening: string;
  provider: string;
  position: number;
  sponsored: boolean;
  token: string;
}

export interface SearchAnswer {
  results: SearchResult[];
  meta: { snapshot: string | null; reason?: string };
}

/** `GET /v1/search` for florists near the shopper; throws unless the edge answers 200. */
export async function searchFlorists(stack: Stack, q = "roses"): Promise<SearchAnswer> {
  const url = new URL("/v1/search", stack.edgeUrl);
  for (const [k, v] of Object.entries({ country: "SE", category: "florist", q, ...shopper })) {
    url.searchParams.set(k, String(v));
  }
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`search answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SearchAnswer;
}

/** `POST /v1/events` (a click or a request); throws unless the edge takes it (202). */
export async function track(stack: Stack, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await fetch(new URL("/v1/events", stack.edgeUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`events answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}
