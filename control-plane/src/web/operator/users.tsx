// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Users: who may sign in, in which role and tenant; the operator adds them (a provider's shop). */
import type { Context } from "hono";
import { Role } from "../../auth/index.ts";
import { apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage, roleLabel } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader, Time } from "../layout/parts.tsx";
import { slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";

interface UserForm {
  email: string;
  role: string;
  tenant: string;
  error: string;
}

export async function usersPage(c: Context<WebEnv>, form?: UserForm) {
  const { users } = await ok(apiClient(c).v1.users.$get({ query: {} }));
  return renderPage(
    c,
    { title: "Users", nav: "/app/users", status: form ? 422 : 200 },
    <>
      <PageHeader
        title="Users"
        lead="Who signs in, in which role and for which tenant. Passwords are stored as slow salted hashes; nobody can read them back."
      />
      <div class="grid wide-narrow">
        <section class="card" aria-labelledby="users-title">
          <h2 id="users-title">{`${users.length} user${users.length === 1 ? "" : "s"}`}</h2>
          {users.length === 0 ? (
            <Empty>No users yet.</Empty>
          ) : (
            <table class="data">
              <caption class="visually-hidden">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr>
                    <th scope="row">{u.email}</th>
                    <td>{roleLabel(u.role)}</td>
                    <td>
                      {u.tenant ? (
                        <a href={`/app/tenants/${u.tenant}`}>{u.tenant}</a>
                      ) : (
                        <span class="muted">platform</span>
                      )}
                    </td>
                    <td>
                      <Time iso={u.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <form method="post" action="/app/users" class="card stack">
          <h2>Add a user</h2>
          <ErrorNotice message={form?.error} id="user-error" />
          <div class="field">
            <label for="user-email">Email</label>
            <input id="user-email" name="email" type="email" required value={form?.email ?? ""} />
          </div>
          <div class="field">
            <label for="user-role">Role</label>
            <select id="user-role" name="role">
              {Role.options.map((role) => (
                <option value={role} selected={(form?.role ?? "pbx_admin") === role}>
                  {roleLabel(role)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="user-tenant">Tenant</label>
            <input
              id="user-tenant"
              name="tenant"
              pattern={slug}
              value={form?.tenant ?? ""}
              aria-describedby="user-tenant-help"
            />
            <p class="help" id="user-tenant-help">
              Required for PBX admins and providers (created if new); left empty for operators.
            </p>
          </div>
          <div class="field">
            <label for="user-password">Password</label>
            <input
              id="user-password"
              name="password"
              type="password"
              required
              minlength={12}
              autocomplete="new-password"
              aria-describedby="user-password-help"
            />
            <p class="help" id="user-password-help">
              At least 12 characters. Give it to the person over a channel you trust.
            </p>
          </div>
          <button type="submit" class="button primary">
            Add user
          </button>
        </form>
      </div>
    </>,
  );
}

export async function addUser(c: Context<WebEnv>) {
  const form = await c.req.parseBody();
  const email = String(form.email ?? "").trim();
  const role = String(form.role ?? "");
  const tenant = String(form.tenant ?? "").trim();
  const password = String(form.password ?? "");
  const again = (error: string) => usersPage(c, { email, role, tenant, error });
  const parsed = Role.safeParse(role);
  if (!parsed.success) return again(`"${role}" is not a role.`);
  if (role !== "operator" && !tenant) return again("A PBX admin or a provider needs a tenant.");
  try {
    await ok(
      apiClient(c).v1.users.$post({
        json: {
          email,
          password,
          role: parsed.data,
          ...(role === "operator" ? {} : { tenant }),
        },
      }),
    );
  } catch (error) {
    const failure = refused(error, 409, 422);
    const detail = failure.issues.map((i) => i.message).join("; ");
    return again(detail ? `${failure.message}: ${detail}` : failure.message);
  }
  const who = role === "operator" ? "an operator" : `${role.replace("_", " ")} of ${tenant}`;
  return redirectWith(c, "/app/users", { kind: "success", text: `${email} added as ${who}.` });
}
