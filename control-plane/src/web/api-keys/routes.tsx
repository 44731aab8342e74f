// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * API keys for automation (a CI job that pushes rule files, a shop system that updates
 * openings): create one (its secret is shown once), see who made which, revoke. A key holds its
 * creator's role and tenant; an operator may make one for any role and tenant.
 */
import { type Context, Hono } from "hono";
import { Role } from "../../auth/index.ts";
import { apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Badge, Empty, ErrorNotice, PageHeader, SecretReveal, Time } from "../layout/parts.tsx";
import { slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";

interface Outcome {
  created?: { name: string; key: string };
  form?: { name: string; role: string; tenant: string; error: string };
}

async function keysPage(c: Context<WebEnv>, outcome: Outcome = {}) {
  const claims = c.get("session")?.claims;
  const operator = claims?.role === "operator";
  const { keys } = await ok(apiClient(c).v1["api-keys"].$get({ query: {} }));
  if (outcome.created) c.header("cache-control", "no-store");
  return renderPage(
    c,
    { title: "API keys", nav: "/app/api-keys", status: outcome.form ? 422 : 200 },
    <>
      <PageHeader
        title="API keys"
        lead={`Bearer keys for automation, ${operator ? "for any role and tenant" : `with your role in ${claims?.tenant}`}. Only a hash is stored.`}
      />
      {outcome.created && (
        <SecretReveal title={`Key "${outcome.created.name}" created`} secret={outcome.created.key}>
          Copy it into your automation's secrets now; it is not shown again. Send it as{" "}
          <code>Authorization: Bearer …</code>.
        </SecretReveal>
      )}
      <div class="grid wide-narrow">
        <section class="card" aria-labelledby="keys-title">
          <h2 id="keys-title">{`${keys.length} key${keys.length === 1 ? "" : "s"}`}</h2>
          {keys.length === 0 ? (
            <Empty>No API keys yet.</Empty>
          ) : (
            <table class="data">
              <caption class="visually-hidden">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  {operator && <th scope="col">Tenant</th>}
                  <th scope="col">Made by</th>
                  <th scope="col">Made</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr>
                    <th scope="row">{k.name}</th>
                    <td>{k.role}</td>
                    {operator && <td>{k.tenant ?? <span class="muted">platform</span>}</td>}
                    <td>{k.createdBy}</td>
                    <td>
                      <Time iso={k.createdAt} />
                    </td>
                    <td>
                      {k.revokedAt ? (
                        <Badge kind="draft">revoked</Badge>
                      ) : (
                        <Badge kind="active">active</Badge>
                      )}
                    </td>
                    <td class="row-actions">
                      {!k.revokedAt && (
                        <form method="post" action={`/app/api-keys/${k.id}/revoke`} class="inline">
                          <button
                            type="submit"
                            class="button danger small"
                            aria-label={`Revoke the key ${k.name}`}
                          >
                            Revoke
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <form method="post" action="/app/api-keys" class="card stack">
          <h2>Create a key</h2>
          <ErrorNotice message={outcome.form?.error} id="key-error" />
          <div class="field">
            <label for="key-name">Name</label>
            <input
              id="key-name"
              name="name"
              required
              maxlength={100}
              value={outcome.form?.name ?? ""}
              placeholder="ci publisher"
            />
          </div>
          {operator && (
            <>
              <div class="field">
                <label for="key-role">Role</label>
                <select id="key-role" name="role">
                  {Role.options.map((role) => (
                    <option value={role} selected={(outcome.form?.role ?? "operator") === role}>
                      {role}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="key-tenant">Tenant</label>
                <input
                  id="key-tenant"
                  name="tenant"
                  pattern={slug}
                  value={outcome.form?.tenant ?? ""}
                  aria-describedby="key-tenant-help"
                />
                <p class="help" id="key-tenant-help">
                  Required unless the role is operator.
                </p>
              </div>
            </>
          )}
          <button type="submit" class="button primary">
            Create key
          </button>
        </form>
      </div>
    </>,
  );
}

export const apiKeyRoutes = new Hono<WebEnv>()
  .get("/api-keys", (c) => keysPage(c))
  .post("/api-keys", async (c) => {
    const operator = c.get("session")?.claims.role === "operator";
    const form = await c.req.parseBody();
    const name = String(form.name ?? "").trim();
    const role = String(form.role ?? "");
    const tenant = String(form.tenant ?? "").trim();
    const again = (error: string) => keysPage(c, { form: { name, role, tenant, error } });
    if (!name) return again("Give the key a name that says what uses it.");
    const parsed = Role.safeParse(role);
    if (operator && !parsed.success) return again(`"${role}" is not a role.`);
    try {
      const created = await ok(
        apiClient(c).v1["api-keys"].$post({
          json:
            operator && parsed.success
              ? { name, role: parsed.data, ...(tenant ? { tenant } : {}) }
              : { name },
        }),
      );
      return keysPage(c, { created: { name: created.name, key: created.key } });
    } catch (error) {
      return again(refused(error, 403, 422).message);
    }
  })
  .post("/api-keys/:id/revoke", async (c) => {
    const id = c.req.param("id");
    const revoked = await ok(apiClient(c).v1["api-keys"][":id"].$delete({ param: { id } }));
    return redirectWith(c, "/app/api-keys", {
      kind: "success",
      text: `Key "${revoked.name}" revoked: it no longer opens anything.`,
    });
  });
