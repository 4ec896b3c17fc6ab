import type { AuditContext } from "../../src/domain/types.js";
import type { Db } from "../client.js";
import { auditLog } from "../schema.js";

/** The transaction handle drizzle passes to a better-sqlite3 transaction callback. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Appends one audit entry inside the caller's transaction. */
export function writeAudit(
  tx: Tx | Db,
  workspaceId: string,
  audit: AuditContext,
  action: string,
  initiativeId: number | null,
  details: Record<string, unknown> = {},
): void {
  tx.insert(auditLog)
    .values({
      workspaceId,
      at: audit.at.getTime(),
      actorPersonId: audit.actor?.id ?? null,
      actorLabel: audit.actor?.displayName ?? audit.label ?? audit.platform,
      platform: audit.platform,
      action,
      initiativeId,
      details: JSON.stringify(details),
    })
    .run();
}
