import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { CheckinStore, OutboxMessage } from "../../src/ports/checkin-store.js";
import type { Db } from "../client.js";
import { outbox } from "../schema.js";
import type { Tx } from "./audit.js";
import { toOutboxRow } from "./rows.js";

type OutboxStore = Pick<
  CheckinStore,
  "enqueue" | "claim" | "interrupted" | "markSent" | "markRetry" | "markFailed" | "unreachable"
>;

/** Inserts outbox rows inside the caller's transaction; returns the ids (existing dedupe keys: none). */
export function insertOutbox(tx: Tx | Db, messages: OutboxMessage[], at: number): number[] {
  const ids: number[] = [];
  for (const m of messages) {
    const row = tx
      .insert(outbox)
      .values({
        workspaceId: m.workspaceId,
        platform: m.platform,
        targetKind: m.target.kind,
        targetId: m.target.id,
        dedupeKey: m.dedupeKey,
        purpose: m.purpose,
        payload: JSON.stringify(m.message),
        nextAttemptAt: at,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id })
      .get();
    if (row) ids.push(row.id);
  }
  return ids;
}

export function createOutboxStore(db: Db): OutboxStore {
  return {
    async enqueue(messages, at) {
      db.transaction((tx) => {
        insertOutbox(tx, messages, at.getTime());
      });
    },

    async claim(now, limit) {
      return db.transaction(
        (tx) => {
          const rows = tx
            .select()
            .from(outbox)
            .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now.getTime())))
            .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
            .limit(limit)
            .all();
          if (rows.length === 0) return [];
          const ids = rows.map((r) => r.id);
          for (const r of rows) {
            tx.update(outbox)
              .set({ status: "sending", attempts: r.attempts + 1 })
              .where(eq(outbox.id, r.id))
              .run();
          }
          return tx
            .select()
            .from(outbox)
            .where(inArray(outbox.id, ids))
            .orderBy(asc(outbox.id))
            .all()
            .map(toOutboxRow);
        },
        { behavior: "immediate" },
      );
    },

    async interrupted() {
      return db
        .select()
        .from(outbox)
        .where(eq(outbox.status, "sending"))
        .orderBy(asc(outbox.id))
        .all()
        .map(toOutboxRow);
    },

    async markSent(id, ref, at) {
      db.update(outbox)
        .set({ status: "sent", messageRef: ref, sentAt: at.getTime(), lastError: null })
        .where(eq(outbox.id, id))
        .run();
    },

    async markRetry(id, nextAttemptAt, error) {
      db.update(outbox)
        .set({ status: "pending", nextAttemptAt: nextAttemptAt.getTime(), lastError: error.slice(0, 500) })
        .where(eq(outbox.id, id))
        .run();
    },

    async markFailed(id, error) {
      db.update(outbox)
        .set({ status: "failed", lastError: error.slice(0, 500) })
        .where(eq(outbox.id, id))
        .run();
    },

    async unreachable(workspaceId) {
      return db
        .select({ targetId: outbox.targetId, purpose: outbox.purpose })
        .from(outbox)
        .where(
          and(
            eq(outbox.workspaceId, workspaceId),
            eq(outbox.status, "failed"),
            eq(outbox.lastError, "unreachable"),
          ),
        )
        .all();
    },
  };
}
