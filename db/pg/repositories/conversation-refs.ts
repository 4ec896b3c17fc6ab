/**
 * Teams conversation references over PostgreSQL: the same store shape as
 * db/repositories/conversation-refs.ts (`ConversationRefStore`), the reference kept as JSON text.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Target } from "../../../src/core/platform.js";
import type { StoredReference } from "../../repositories/conversation-refs.js";
import type { PgDb } from "../client.js";
import { conversationRefs } from "../schema.js";

function parseReference(json: string): StoredReference | undefined {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === "object" && parsed !== null ? (parsed as StoredReference) : undefined;
}

const targetIs = (workspaceId: string, target: Target) =>
  and(
    eq(conversationRefs.workspaceId, workspaceId),
    eq(conversationRefs.targetKind, target.kind),
    eq(conversationRefs.targetId, target.id),
  );

export function createPgConversationRefStore(db: PgDb, clock: { now(): Date } = { now: () => new Date() }) {
  return {
    async save(workspaceId: string, target: Target, reference: StoredReference): Promise<void> {
      const json = JSON.stringify(reference);
      const updatedAt = clock.now().getTime();
      await db
        .insert(conversationRefs)
        .values({ workspaceId, targetKind: target.kind, targetId: target.id, reference: json, updatedAt })
        .onConflictDoUpdate({
          target: [conversationRefs.workspaceId, conversationRefs.targetKind, conversationRefs.targetId],
          set: { reference: json, updatedAt },
        });
    },

    async get(workspaceId: string, target: Target): Promise<StoredReference | undefined> {
      const [row] = await db
        .select({ reference: conversationRefs.reference })
        .from(conversationRefs)
        .where(targetIs(workspaceId, target));
      return row ? parseReference(row.reference) : undefined;
    },

    /** Any stored reference pointing at this conversation (e.g. to update a message sent there). */
    async findByConversation(
      workspaceId: string,
      conversationId: string,
    ): Promise<StoredReference | undefined> {
      const [row] = await db
        .select({ reference: conversationRefs.reference })
        .from(conversationRefs)
        .where(
          and(
            eq(conversationRefs.workspaceId, workspaceId),
            sql`(${conversationRefs.reference}::jsonb #>> '{conversation,id}') = ${conversationId}`,
          ),
        )
        .orderBy(desc(conversationRefs.updatedAt))
        .limit(1);
      return row ? parseReference(row.reference) : undefined;
    },

    async list(workspaceId: string, kind: Target["kind"]): Promise<string[]> {
      const rows = await db
        .select({ id: conversationRefs.targetId })
        .from(conversationRefs)
        .where(and(eq(conversationRefs.workspaceId, workspaceId), eq(conversationRefs.targetKind, kind)))
        .orderBy(asc(conversationRefs.targetId));
      return rows.map((r) => r.id);
    },
  };
}
