/**
 * Stored Bot Framework conversation references (Teams), one per person or channel, so proactive
 * messages survive a restart. The reference is opaque JSON here; the Teams adapter validates it.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Target } from "../../src/core/platform.js";
import type { Db } from "../client.js";
import { conversationRefs } from "../schema.js";

export type StoredReference = Record<string, unknown>;

/** Inserts or replaces the reference for a person or channel of a workspace. */
export async function saveConversationRef(
  db: Db,
  workspaceId: string,
  target: Target,
  reference: StoredReference,
  now: Date = new Date(),
): Promise<void> {
  const row = {
    workspaceId,
    targetKind: target.kind,
    targetId: target.id,
    reference: JSON.stringify(reference),
    updatedAt: now.getTime(),
  };
  db.insert(conversationRefs)
    .values(row)
    .onConflictDoUpdate({
      target: [conversationRefs.workspaceId, conversationRefs.targetKind, conversationRefs.targetId],
      set: { reference: row.reference, updatedAt: row.updatedAt },
    })
    .run();
}

export async function getConversationRef(
  db: Db,
  workspaceId: string,
  target: Target,
): Promise<StoredReference | undefined> {
  const row = db
    .select({ reference: conversationRefs.reference })
    .from(conversationRefs)
    .where(
      and(
        eq(conversationRefs.workspaceId, workspaceId),
        eq(conversationRefs.targetKind, target.kind),
        eq(conversationRefs.targetId, target.id),
      ),
    )
    .get();
  return row ? parseReference(row.reference) : undefined;
}

/** Any stored reference pointing at this conversation (e.g. to update a message sent there). */
export async function findConversationRef(
  db: Db,
  workspaceId: string,
  conversationId: string,
): Promise<StoredReference | undefined> {
  const row = db
    .select({ reference: conversationRefs.reference })
    .from(conversationRefs)
    .where(
      and(
        eq(conversationRefs.workspaceId, workspaceId),
        sql`json_extract(${conversationRefs.reference}, '$.conversation.id') = ${conversationId}`,
      ),
    )
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row ? parseReference(row.reference) : undefined;
}

function parseReference(json: string): StoredReference | undefined {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === "object" && parsed !== null ? (parsed as StoredReference) : undefined;
}

/** Ids of the people (or channels) of a workspace the bot can reach proactively. */
export async function listConversationRefTargets(
  db: Db,
  workspaceId: string,
  kind: Target["kind"],
): Promise<string[]> {
  const rows = db
    .select({ id: conversationRefs.targetId })
    .from(conversationRefs)
    .where(and(eq(conversationRefs.workspaceId, workspaceId), eq(conversationRefs.targetKind, kind)))
    .orderBy(asc(conversationRefs.targetId))
    .all();
  return rows.map((r) => r.id);
}

/** The store shape the Teams adapter takes (`ConversationRefStore`), over this database. */
export function createConversationRefStore(db: Db, clock: { now(): Date } = { now: () => new Date() }) {
  return {
    save: (workspaceId: string, target: Target, reference: StoredReference) =>
      saveConversationRef(db, workspaceId, target, reference, clock.now()),
    get: (workspaceId: string, target: Target) => getConversationRef(db, workspaceId, target),
    findByConversation: (workspaceId: string, conversationId: string) =>
      findConversationRef(db, workspaceId, conversationId),
    list: (workspaceId: string, kind: Target["kind"]) => listConversationRefTargets(db, workspaceId, kind),
  };
}
