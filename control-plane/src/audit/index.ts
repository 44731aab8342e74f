import type { Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { auditLog } from "../db/schema.ts";

export interface AuditEntry {
  action: string;
  target: string;
  tenant?: string;
  details?: Record<string, unknown>;
}

/** Records who changed what; call it inside the write's transaction so both commit or neither. */
export async function audit(db: Database, claims: Claims, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: claims.sub,
    role: claims.role,
    tenant: entry.tenant ?? null,
    action: entry.action,
    target: entry.target,
    details: entry.details ?? {},
  });
}
