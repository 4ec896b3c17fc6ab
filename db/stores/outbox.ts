import { and, eq, sql } from "drizzle-orm";
import type { CheckinStore, OutboxMessage } from "../../src/ports/checkin-store.js";
import type { Executor } from "../executor.js";
import { assign, insertInto } from "../query.js";
import { outbox } from "../schema.js";

type OutboxStore = Pick<
  CheckinStore,
  "enqueue" | "claim" | "interrupted" | "markSent" | "markRetry" | "markFailed" | "unreachable"
>;

/** Inserts outbox rows on the caller's transaction; returns the new ids (an existing dedupe key: none). */
export async function insertOutbox(x: Executor, messages: OutboxMessage[], at: number): Promise<number[]> {
  const ids: number[] = [];
  for (const m of messages) {
    const row = await x.get<{ id: number }>(
      sql`${insertInto(outbox, [
        {
          workspaceId: m.workspaceId,
          platform: m.platform,
          targetKind: m.target.kind,
          targetId: m.target.id,
          dedupeKey: m.dedupeKey,
          purpose: m.purpose,
          payload: JSON.stringify(m.message),
          nextAttemptAt: at,
          createdAt: at,
        },
      ])} on conflict do nothing returning "id"`,
    );
    if (row) ids.push(row.id);
  }
  return ids;
}

/** The outbox: claiming (and on PostgreSQL its leases) is the dialect's, the rest is the same SQL. */
export function createOutboxStore(x: Executor): OutboxStore {
  const { dialect } = x;
  const update = (id: number, set: Parameters<typeof assign<typeof outbox>>[1]) =>
    x.run(
      sql`update ${outbox} set ${assign(outbox, set)}${dialect.outboxLeaseEnd} where ${eq(outbox.id, id)}`,
    );
  return {
    async enqueue(messages, at) {
      await x.transaction((tx) => insertOutbox(tx, messages, at.getTime()));
    },

    claim: (now, limit) => dialect.claimOutbox(now, limit),

    interrupted: () => dialect.interruptedOutbox(),

    async markSent(id, ref, at) {
      await update(id, { status: "sent", messageRef: ref, sentAt: at.getTime(), lastError: null });
    },

    async markRetry(id, nextAttemptAt, error) {
      await update(id, {
        status: "pending",
        nextAttemptAt: nextAttemptAt.getTime(),
        lastError: error.slice(0, 500),
      });
    },

    async markFailed(id, error) {
      await update(id, { status: "failed", lastError: error.slice(0, 500) });
    },

    async unreachable(workspaceId) {
      return x.all(
        sql`select ${outbox.targetId} as "targetId", ${outbox.purpose} as "purpose" from ${outbox}
          where ${and(eq(outbox.workspaceId, workspaceId), eq(outbox.status, "failed"), eq(outbox.lastError, "unreachable"))}`,
      );
    },
  };
}
