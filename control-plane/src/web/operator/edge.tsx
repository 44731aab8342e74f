// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The edge's readiness (`GET /readyz`: KV, engine, secrets) as the operator sees it. */
import { Badge, Empty } from "../layout/parts.tsx";

export interface EdgeHealth {
  url: string;
  ok: boolean;
  /** HTTP status, absent when the edge did not answer */
  status?: number;
  checks: Record<string, string>;
  error?: string;
}

/** Asks the edge, within `budgetMs`; an edge that does not answer is reported, never thrown. */
export async function edgeHealth(edgeUrl: string, budgetMs = 3000): Promise<EdgeHealth> {
  const url = new URL("/readyz", edgeUrl).toString();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(budgetMs) });
    const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, string> };
    return { url, ok: res.ok, status: res.status, checks: body.checks ?? {} };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${budgetMs / 1000} s`
        : error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
    return { url, ok: false, checks: {}, error: reason };
  }
}

const checkNames: Record<string, string> = {
  kv: "Edge store (KV) answers",
  engine: "Engine instantiates",
  stateSecret: "Continuation-token secret is set",
  trackingSecret: "Search tracking-token secret is set",
};

export function EdgeHealthCard({ health }: { health: EdgeHealth | undefined }) {
  return (
    <section class="card" aria-labelledby="edge-title">
      <div class="section-head">
        <h2 id="edge-title">Edge health</h2>
        <a class="button secondary small" href="/app/operator">
          Check again
        </a>
      </div>
      {!health ? (
        <Empty>
          The control plane was started without the edge's URL, so it cannot ask the edge. Start it
          with <code>edgeUrl</code> (<code>npm start</code> does).
        </Empty>
      ) : (
        <>
          <p>
            {health.ok ? (
              <Badge kind="active">ready</Badge>
            ) : (
              <Badge kind="danger">not ready</Badge>
            )}{" "}
            <code>{health.url}</code>
            {health.status !== undefined && <span class="muted"> · HTTP {health.status}</span>}
          </p>
          {health.error && (
            <p class="notice error" role="alert">
              The edge did not answer: {health.error}
            </p>
          )}
          {Object.keys(health.checks).length > 0 && (
            <ul class="checks">
              {Object.entries(health.checks).map(([name, result]) => (
                <li class={result === "ok" ? "ok" : "failed"}>
                  <span aria-hidden="true">{result === "ok" ? "✓" : "✗"}</span>{" "}
                  {checkNames[name] ?? name}
                  {result !== "ok" && <span class="muted">: {result}</span>}
                  <span class="visually-hidden">{result === "ok" ? " (ok)" : " (failing)"}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
