/**
 * A browser without a browser, for the web app's request-level tests: keeps cookies, sends the
 * page's Origin on posts (as browsers do), and never follows redirects so tests see them.
 */
export interface WebResponse {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

type Requester = { request(input: string, init?: RequestInit): Response | Promise<Response> };

export const testOrigin = "http://localhost";

export function webClient(app: Requester) {
  const jar = new Map<string, string>();
  async function send(method: string, path: string, init: RequestInit = {}): Promise<WebResponse> {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    if (method !== "GET" && !headers.has("origin")) headers.set("origin", testOrigin);
    const res = await app.request(path, { ...init, method, headers, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (/max-age=0/i.test(cookie) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return {
      status: res.status,
      location: res.headers.get("location"),
      html: await res.text(),
      headers: res.headers,
    };
  }
  return {
    jar,
    get: (path: string, init?: RequestInit) => send("GET", path, init),
    post: (path: string, fields: Record<string, string>, init: RequestInit = {}) =>
      send("POST", path, {
        ...init,
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers },
      }),
    send,
    async login(email: string, password = "switchboard-dev") {
      const res = await send("POST", "/app/login", {
        body: new URLSearchParams({ email, password }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      if (res.status !== 303) throw new Error(`login as ${email} failed: ${res.status}`);
      return res;
    },
  };
}

/** The visible text of an HTML fragment, whitespace collapsed (for "the page says" checks). */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
