import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { CheckinStore, OutboxMessage } from "../../../src/ports/checkin-store.js";
import { toOutboxRow } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { outbox } from "../schema.js";
import type { PgTx } from "./audit.js";
import { DEFAULT_LEASE_MS, type LeaseOptions, leaseEnd, serverNow } from "./lease.js";

type OutboxStore = Pick<
  CheckinStore,
  "enqueue" | "claim" | "interrupted" | "markSent" | "markRetry" | "markFailed" | "unreachable"
>;

/** Inserts outbox rows inside the caller's transaction; returns the ids (existing dedupe keys: none). */
export async function insertOutbox(
  tx: PgTx | PgDb,
  messages: OutboxMessage[],
  at: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const m of messages) {
    const [row] = await tx
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
      .returning({ id: outbox.id });
    if (row) ids.push(row.id);
  }
  return ids;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

export function createOutboxStore(db: PgDb, options: LeaseOptions = {}): OutboxStore {
  const lease = leaseEnd(options.leaseMs ?? DEFAULT_LEASE_MS);
  const claimBatch = options.claimBatch ?? 50;
  // A `sending` row whose lease ran out belongs to a replica that died (or never came back).
  const leaseExpired = and(
    eq(outbox.status, "sending"),
    or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, serverNow)),
  );

  return {
    async enqueue(messages, at) {
      await db.transaction(async (tx) => {
        await insertOutbox(tx, messages, at.getTime());
      });
    },

    /**
     * Pending rows due by `now`, and rows whose lease expired, locked with SKIP LOCKED so replicas
     * claiming at the same moment get disjoint rows. A taken-over row's attempts go up, which makes
     * delivery look it up on the platform (findSent) before sending it again.
     */
    async claim(now, limit) {
      const t = now.getTime();
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(or(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, t)), leaseExpired))
          .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
          .limit(Math.min(limit, claimBatch))
          .for("update", { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await tx
          .update(outbox)
          .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, leaseUntil: lease })
          .where(
            inArray(
              outbox.id,
              due.map((r) => r.id),
            ),
          )
          .returning();
        return rows.sort(byId).map(toOutboxRow);
      });
    },

    /** Rows left `sending` by a replica whose lease expired; leased to this one while it checks them. */
    async interrupted() {
      return db.transaction(async (tx) => {
        const stale = await tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(leaseExpired)
          .orderBy(asc(outbox.id))
          .for("update", { skipLocked: true });
        if (stale.length === 0) return [];
        const rows = await tx
          .update(outbox)
          .set({ leaseUntil: lease })
          .where(
            inArray(
              outbox.id,
              stale.map((r) => r.id),
            ),
          )
          .returning();
        return rows.sort(byId).map(toOutboxRow);
      });
    },

    async markSent(id, ref, at) {
      await db
        .update(outbox)
        .set({ status: "sent", messageRef: ref, sentAt: at.getTime(), lastError: null, leaseUntil: null })
        .where(eq(outbox.id, id));
    },

    async markRetry(id, nextAttemptAt, error) {
      await db
        .update(outbox)
        .set({
          status: "pending",
          nextAttemptAt: nextAttemptAt.getTime(),
          lastError: error.slice(0, 500),
          leaseUntil: null,
        })
        .where(eq(outbox.id, id));
    },

    async markFailed(id, error) {
      await db
        .update(outbox)
        .set({ status: "failed", lastError: error.slice(0, 500), leaseUntil: null })
        .where(eq(outbox.id, id));
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
        );
    },
  };
}
