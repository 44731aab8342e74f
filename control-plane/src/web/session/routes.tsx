// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Signing in and out. Users sign in with email and password (the API's `POST /v1/auth/login`);
 * an access token (the operator token `npm start` prints) works too. Either way the cookie holds
 * a token the API accepts.
 */
import { type Context, Hono } from "hono";
import { verifyJwt } from "../../auth/index.ts";
import { apiClient, ok, refused } from "../api.ts";
import { renderPage } from "../layout/page.tsx";
import { ErrorNotice } from "../layout/parts.tsx";
import { endSession, readSession, startSession, type WebEnv } from "./session.ts";

/** Only paths inside the app: a `next` pointing elsewhere would make us an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/app(\/[^/\\]|$)/.test(next) && !next.startsWith("//")
    ? next
    : "/app";
}

export const sessionRoutes = new Hono<WebEnv>()
  .get("/login", async (c) => {
    if (await readSession(c)) return c.redirect(safeNext(c.req.query("next")), 303);
    return loginPage(c, { next: c.req.query("next") });
  })
  .post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? "").trim();
    const password = String(form.password ?? "");
    const next = safeNext(form.next);
    if (!email || !password) {
      return loginPage(c, { next, email, error: "Enter your email and password." }, 422);
    }
    try {
      const answer = await ok(apiClient(c).v1.auth.login.$post({ json: { email, password } }));
      const claims = await verifyJwt(answer.accessToken, c.get("jwtSecret"));
      startSession(c, answer.accessToken, claims);
      return c.redirect(next, 303);
    } catch (error) {
      refused(error, 401);
      return loginPage(c, { next, email, error: "That email and password do not match." }, 401);
    }
  })
  .post("/login/token", async (c) => {
    const form = await c.req.parseBody();
    const token = String(form.token ?? "")
      .trim()
      .replace(/^Bearer\s+/i, "");
    const next = safeNext(form.next);
    const claims = await verifyJwt(token, c.get("jwtSecret")).catch(() => undefined);
    if (!claims || (claims.role !== "operator" && !claims.tenant)) {
      const error =
        "That token is not valid here: paste the access token `npm start` printed (or one from POST /v1/auth/login). API keys are for scripts, not for signing in.";
      return loginPage(c, { next, tokenError: error }, 401);
    }
    startSession(c, token, claims);
    return c.redirect(next, 303);
  })
  .post("/logout", (c) => {
    endSession(c);
    return c.redirect("/app/login", 303);
  });

interface LoginState {
  next?: string;
  email?: string;
  error?: string;
  tokenError?: string;
}

function loginPage(c: Context<WebEnv>, state: LoginState, status: 200 | 401 | 422 = 200) {
  const next = safeNext(state.next);
  return renderPage(
    c,
    { title: "Sign in", status },
    <div class="login">
      <h1>Sign in to Switchboard</h1>
      <p class="lead">
        Rule sets, publishing and statistics for PBX admins; tenants, carriers and countries for
        operators.
      </p>
      <form method="post" action="/app/login" class="card stack">
        <ErrorNotice message={state.error} id="login-error" />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={state.email ?? ""}
            autofocus={!state.tokenError}
            aria-describedby={state.error ? "login-error" : undefined}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </div>
        <button type="submit" class="button primary">
          Sign in
        </button>
      </form>
      <details class="card token-login" open={Boolean(state.tokenError)}>
        <summary>Sign in with an access token</summary>
        <form method="post" action="/app/login/token" class="stack">
          <ErrorNotice message={state.tokenError} id="token-error" />
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="token">Access token</label>
            <textarea
              id="token"
              name="token"
              rows={3}
              required
              spellcheck={false}
              autofocus={Boolean(state.tokenError)}
              aria-describedby="token-help"
            />
            <p class="help" id="token-help">
              The operator token <code>npm start</code> prints, or any token from{" "}
              <code>POST /v1/auth/login</code>.
            </p>
          </div>
          <button type="submit" class="button secondary">
            Sign in with token
          </button>
        </form>
      </details>
    </div>,
  );
}
