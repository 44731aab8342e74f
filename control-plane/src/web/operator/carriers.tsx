// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Carriers and their webhook secrets. A rotation keeps the previous secret valid until the next
 * one, so the carrier can switch without failing calls; the new secret is shown once, here.
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { apiClient, ok, refused } from "../api.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader, SecretReveal, Time } from "../layout/parts.tsx";
import { isSlug, slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";

interface Outcome {
  carrierId: string;
  /** the secret just set: shown once */
  secret?: string;
  created?: boolean;
  error?: string;
}

export async function carriersPage(c: Context<WebEnv>, outcome?: Outcome) {
  const { carriers } = await ok(apiClient(c).v1.carriers.$get());
  if (outcome?.secret) c.header("cache-control", "no-store");
  return renderPage(
    c,
    { title: "Carriers", nav: "/app/carriers", status: outcome?.error ? 422 : 200 },
    <>
      <PageHeader
        title="Carriers"
        lead="Carriers sign every webhook with their secret. Rotating keeps the previous secret working until the next rotation."
      />
      {outcome?.secret && (
        <SecretReveal
          title={`${outcome.created ? "Carrier" : "New secret for"} ${outcome.carrierId}${outcome.created ? " created" : ""}`}
          secret={outcome.secret}
        >
          Give this secret to the carrier now; it is not shown again.
          {!outcome.created &&
            " Webhooks signed with the previous secret are accepted until the next rotation."}
        </SecretReveal>
      )}
      <div class="grid wide-narrow">
        <section class="card" aria-labelledby="carriers-title">
          <h2 id="carriers-title">{`${carriers.length} carrier${carriers.length === 1 ? "" : "s"}`}</h2>
          {carriers.length === 0 ? (
            <Empty>No carriers yet.</Empty>
          ) : (
            <table class="data">
              <caption class="visually-hidden">Carriers and their secrets</caption>
              <thead>
                <tr>
                  <th scope="col">Carrier</th>
                  <th scope="col">Active secrets</th>
                  <th scope="col">Last change</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {carriers.map((carrier) => (
                  <tr>
                    <th scope="row">{carrier.carrierId}</th>
                    <td>
                      {carrier.activeSecrets === 2
                        ? "2 (rotation in progress)"
                        : String(carrier.activeSecrets)}
                    </td>
                    <td>
                      <Time iso={carrier.rotatedAt} />
                    </td>
                    <td class="row-actions">
                      <form method="post" action="/app/carriers" class="inline">
                        <input type="hidden" name="carrierId" value={carrier.carrierId} />
                        <button
                          type="submit"
                          class="button secondary small"
                          aria-label={`Rotate the secret of ${carrier.carrierId}`}
                        >
                          Rotate secret
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <form method="post" action="/app/carriers" class="card stack">
          <h2>Add a carrier or set a secret</h2>
          <ErrorNotice message={outcome?.error} id="carrier-error" />
          <div class="field">
            <label for="carrier-id">Carrier id</label>
            <input
              id="carrier-id"
              name="carrierId"
              required
              pattern={slug}
              value={outcome?.error ? outcome.carrierId : ""}
              aria-describedby="carrier-id-help"
            />
            <p class="help" id="carrier-id-help">
              What the carrier sends in <code>X-Switchboard-Carrier</code>.
            </p>
          </div>
          <div class="field">
            <label for="carrier-secret">Secret (optional)</label>
            <input
              id="carrier-secret"
              name="secret"
              type="password"
              autocomplete="new-password"
              minlength={8}
              aria-describedby="carrier-secret-help"
            />
            <p class="help" id="carrier-secret-help">
              Leave empty to generate a strong one. At least 8 characters.
            </p>
          </div>
          <button type="submit" class="button primary">
            Save carrier
          </button>
        </form>
      </div>
    </>,
  );
}

export async function setCarrierSecret(c: Context<WebEnv>) {
  const form = await c.req.parseBody();
  const carrierId = String(form.carrierId ?? "").trim();
  const secret = String(form.secret ?? "") || randomBytes(24).toString("base64url");
  if (!isSlug(carrierId)) {
    const error = `"${carrierId}" is not a carrier id: use 1-63 lower-case letters, digits, "-" or "_".`;
    return carriersPage(c, { carrierId, error });
  }
  try {
    const res = await apiClient(c).v1.carriers[":carrierId"].$put({
      param: { carrierId },
      json: { secret },
    });
    const created = res.status === 201;
    await ok(res);
    return carriersPage(c, { carrierId, secret, created });
  } catch (error) {
    const failure = refused(error, 422, 502);
    return carriersPage(c, { carrierId, error: failure.message });
  }
}
