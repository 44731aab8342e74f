// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Tenants: every business on the platform (PBX tenants, carriers' tenants, providers). */
import type { Context } from "hono";
import { apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader, Time } from "../layout/parts.tsx";
import { isSlug, slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";

export async function tenantsPage(
  c: Context<WebEnv>,
  form?: { id: string; name: string; error: string },
) {
  const { tenants } = await ok(apiClient(c).v1.tenants.$get());
  // `_countries` and other reserved ids hold platform data, not a business.
  const visible = tenants.filter((t) => !t.id.startsWith("_"));
  return renderPage(
    c,
    { title: "Tenants", nav: "/app/tenants", status: form ? 422 : 200 },
    <>
      <PageHeader
        title="Tenants"
        lead="Every business on the platform: PBX customers, carriers and providers."
      />
      <div class="grid wide-narrow">
        <section class="card" aria-labelledby="tenants-title">
          <h2 id="tenants-title">{`${visible.length} tenant${visible.length === 1 ? "" : "s"}`}</h2>
          {visible.length === 0 ? (
            <Empty>No tenants yet.</Empty>
          ) : (
            <table class="data">
              <caption class="visually-hidden">Tenants</caption>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Name</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((t) => (
                  <tr>
                    <th scope="row">
                      <a href={`/app/tenants/${t.id}`}>{t.id}</a>
                    </th>
                    <td>{t.name ?? <span class="muted">(unnamed)</span>}</td>
                    <td>
                      <Time iso={t.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <form method="post" action="/app/tenants" class="card stack">
          <h2>Add or rename a tenant</h2>
          <ErrorNotice message={form?.error} id="tenant-error" />
          <div class="field">
            <label for="tenant-id">Id</label>
            <input
              id="tenant-id"
              name="id"
              required
              pattern={slug}
              value={form?.id ?? ""}
              aria-describedby="tenant-id-help"
            />
            <p class="help" id="tenant-id-help">
              Lower-case letters, digits, "-" and "_". Rule files name it in{" "}
              <code>metadata.tenant</code>.
            </p>
          </div>
          <div class="field">
            <label for="tenant-name">Name</label>
            <input id="tenant-name" name="name" required maxlength={200} value={form?.name ?? ""} />
          </div>
          <button type="submit" class="button primary">
            Save tenant
          </button>
        </form>
      </div>
    </>,
  );
}

export async function saveTenant(c: Context<WebEnv>) {
  const form = await c.req.parseBody();
  const id = String(form.id ?? "").trim();
  const name = String(form.name ?? "").trim();
  if (!isSlug(id) || !name) {
    const error = !name
      ? "Give the tenant a name."
      : `"${id}" is not a tenant id: use 1-63 lower-case letters, digits, "-" or "_".`;
    return tenantsPage(c, { id, name, error });
  }
  try {
    const res = await apiClient(c).v1.tenants[":tenant"].$put({
      param: { tenant: id },
      json: { name },
    });
    const created = res.status === 201;
    await ok(res);
    return redirectWith(c, "/app/tenants", {
      kind: "success",
      text: created ? `Tenant ${id} (${name}) created.` : `Tenant ${id} renamed to ${name}.`,
    });
  } catch (error) {
    const failure = refused(error, 422);
    return tenantsPage(c, { id, name, error: failure.message });
  }
}
