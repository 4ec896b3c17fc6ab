import { sql } from "drizzle-orm";
import type { AuditContext } from "../../src/domain/types.js";
import type { Db } from "../client.js";
import { auditLog } from "../schema.js";
import { statements } from "./statements.js";

/** The transaction handle drizzle passes to a better-sqlite3 transaction callback. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const hot = statements((db) => ({
  insert: db
    .insert(auditLog)
    .values({
      workspaceId: sql.placeholder("workspaceId"),
      at: sql.placeholder("at"),
      actorPersonId: sql.placeholder("actorPersonId"),
      actorLabel: sql.placeholder("actorLabel"),
      platform: sql.placeholder("platform"),
      action: sql.placeholder("action"),
      initiativeId: sql.placeholder("initiativeId"),
      details: sql.placeholder("details"),
    })
    .prepare(),
}));

/**
 * Appends one audit entry. Every audited change calls it inside its `db.transaction`: a compiled
 * statement runs on the one connection, so it is part of that transaction (see statements.ts).
 */
export function writeAudit(
  db: Db,
  workspaceId: string,
  audit: AuditContext,
  action: string,
  initiativeId: number | null,
  details: Record<string, unknown> = {},
): void {
  hot(db).insert.run({
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
