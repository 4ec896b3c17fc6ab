import { sql } from "drizzle-orm";
import type { AuditContext } from "../../src/domain/types.js";
import type { Executor } from "../executor.js";
import { insertInto } from "../query.js";
import { auditLog } from "../schema.js";

/** Appends one audit entry; every audited change calls it on its transaction's executor. */
export async function writeAudit(
  x: Executor,
  workspaceId: string,
  audit: AuditContext,
  action: string,
  initiativeId: number | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await x.run(
    sql`${insertInto(auditLog, [
      {
        workspaceId,
        at: audit.at.getTime(),
        actorPersonId: audit.actor?.id ?? null,
        actorLabel: audit.actor?.displayName ?? audit.label ?? audit.platform,
        platform: audit.platform,
        action,
        initiativeId,
        details: JSON.stringify(details),
      },
    ])}`,
  );
}
