/**
 * Stored Bot Framework conversation references (Teams), one per person or channel, so proactive
 * messages survive a restart. The reference is opaque JSON here; the Teams adapter validates it.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Target } from "../../src/core/platform.js";
import type { Executor } from "../executor.js";
import { insertInto, onConflictUpdate } from "../query.js";
import { conversationRefs } from "../schema.js";

export type StoredReference = Record<string, unknown>;

function parseReference(json: string): StoredReference | undefined {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === "object" && parsed !== null ? (parsed as StoredReference) : undefined;
}

const c = conversationRefs;

/** The store shape the Teams adapter takes (`ConversationRefStore`). */
export function createConversationRefStore(x: Executor, clock: { now(): Date } = { now: () => new Date() }) {
  const reference = async (where: ReturnType<typeof sql>) => {
    const row = await x.get<{ reference: string }>(
      sql`select ${c.reference} as "reference" from ${c} where ${where} order by ${c.updatedAt} desc limit 1`,
    );
    return row ? parseReference(row.reference) : undefined;
  };
  return {
    /** Inserts or replaces the reference for a person or channel of a workspace. */
    async save(workspaceId: string, target: Target, ref: StoredReference): Promise<void> {
      await x.run(
        sql`${insertInto(c, [
          {
            workspaceId,
            targetKind: target.kind,
            targetId: target.id,
            reference: JSON.stringify(ref),
            updatedAt: clock.now().getTime(),
          },
        ])} ${onConflictUpdate([c.workspaceId, c.targetKind, c.targetId], [c.reference, c.updatedAt])}`,
      );
    },

    get: (workspaceId: string, target: Target): Promise<StoredReference | undefined> =>
      reference(
        sql`${and(eq(c.workspaceId, workspaceId), eq(c.targetKind, target.kind), eq(c.targetId, target.id))}`,
      ),

    /** Any stored reference pointing at this conversation (e.g. to update a message sent there). */
    findByConversation: (workspaceId: string, conversationId: string): Promise<StoredReference | undefined> =>
      reference(
        sql`${eq(c.workspaceId, workspaceId)} and ${x.dialect.jsonText(sql`${c.reference}`, ["conversation", "id"])} = ${conversationId}`,
      ),

    /** Ids of the people (or channels) of a workspace the bot can reach proactively. */
    async list(workspaceId: string, kind: Target["kind"]): Promise<string[]> {
      const rows = await x.all<{ id: string }>(
        sql`select ${c.targetId} as "id" from ${c}
          where ${and(eq(c.workspaceId, workspaceId), eq(c.targetKind, kind))} order by ${c.targetId}`,
      );
      return rows.map((r) => r.id);
    },
  };
}

export type ConversationRefStore = ReturnType<typeof createConversationRefStore>;
