import type { Role } from "../auth/index.ts";
import { hashPassword } from "../auth/password.ts";
import type { Database } from "../db/open.ts";
import { users } from "../db/schema.ts";
import { ensureTenant } from "../tenants/store.ts";

export interface DevUser {
  email: string;
  password: string;
  role: Role;
  tenant: string | null;
}

/**
 * One user per role for local development (`npm start`): an operator, the florist example's
 * PBX admin and a provider. Existing users are left as they are, so it is safe on every start.
 */
export async function seedDevUsers(
  db: Database,
  options: { password?: string } = {},
): Promise<DevUser[]> {
  const password = options.password ?? "switchboard-dev";
  const wanted: DevUser[] = [
    { email: "operator@switchboard.local", password, role: "operator", tenant: null },
    { email: "admin@florist.local", password, role: "pbx_admin", tenant: "florist" },
    { email: "provider@florist.local", password, role: "provider", tenant: "florist" },
  ];
  for (const user of wanted) {
    if (user.tenant) await ensureTenant(db, user.tenant);
    await db
      .insert(users)
      .values({
        email: user.email,
        role: user.role,
        tenant: user.tenant,
        passwordHash: await hashPassword(user.password),
      })
      .onConflictDoNothing();
  }
  return wanted;
}
