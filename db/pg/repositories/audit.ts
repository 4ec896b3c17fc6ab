import type { AuditContext } from "../../../src/domain/types.js";
import type { PgDb } from "../client.js";
import { auditLog } from "../schema.js";

/** The transaction handle drizzle passes to a node-postgres transaction callback. */
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** Appends one audit entry inside the caller's transaction. */
export async function writeAudit(
  tx: PgTx | PgDb,
  workspaceId: string,
  audit: AuditContext,
  action: string,
  initiativeId: number | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(auditLog).values({
    workspaceId,
    at: audit.at.getTime(),
    actorPersonId: audit.actor?.id ?? null,
    actorLabel: audit.actor?.displayName ?? audit.label ?? audit.platform,
    platform: audit.platform,
    action,
    initiativeId,
    details: JSON.stringify(details),
  });
}

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (typeof e === "object" && e !== null && "code" in e ? e.code : undefined);
  const cause = typeof error === "object" && error !== null && "cause" in error ? error.cause : undefined;
  return code(error) === "23505" || code(cause) === "23505";
}
