/**
 * What PostgreSQL does its own way (see Dialect in db/executor.ts): several replicas plan and deliver
 * at once, so planned slots and claimed outbox rows are leased (on the server's clock) and locked
 * with SKIP LOCKED, and read-then-write transactions lock their rows.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Dialect, Executor } from "../executor.js";
import { returning } from "../query.js";
import { toOutboxRow } from "../repositories/rows.js";
import { outbox } from "../schema.js";
import { pgArrayReads } from "./array-reads.js";
import type { PgDb } from "./client.js";
import { claimDueSlots } from "./due-slots.js";
import { DEFAULT_LEASE_MS, type LeaseOptions, leaseEnd, serverNow } from "./lease.js";

type OutboxRecord = typeof outbox.$inferSelect;

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** PostgreSQL's unique_violation, on the error or the driver error it wraps. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (typeof e === "object" && e !== null && "code" in e ? e.code : undefined);
  const cause = typeof error === "object" && error !== null && "cause" in error ? error.cause : undefined;
  return code(error) === "23505" || code(cause) === "23505";
}

export function pgDialect(db: PgDb, options: LeaseOptions = {}) {
  const lease = leaseEnd(options.leaseMs ?? DEFAULT_LEASE_MS);
  const claimBatch = options.claimBatch ?? 50;
  const arrays = pgArrayReads(db);
  // A `sending` row whose lease ran out belongs to a replica that died (or never came back).
  const leaseExpired = sql`("status" = 'sending' and ("lease_until" is null or "lease_until" < ${serverNow}))`;

  return (x: Executor): Dialect => ({
    kind: "postgres",
    forUpdate: sql` for update`,
    notIndexed: (column) => sql`${column}`,
    jsonText: (column: SQL, path: string[]) => sql`(${column}::jsonb #>> ${`{${path.join(",")}}`})`,
    isUniqueViolation,
    planLeaseEnd: sql`, "plan_lease_until" = null`,
    outboxLeaseEnd: sql`, "lease_until" = null`,

    dueSlots: (now, limit) => claimDueSlots(db, now, limit, options),

    /**
     * Pending rows due by `now`, and rows whose lease expired, locked with SKIP LOCKED so replicas
     * claiming at the same moment get disjoint rows; at most `claimBatch`, so a slow (rate-limited)
     * replica is never overtaken on a live row. A taken-over row's attempts go up, which makes
     * delivery look it up on the platform (findSent) before sending it again.
     */
    async claimOutbox(now, limit) {
      const rows = await x.all<OutboxRecord>(
        sql`update ${outbox} set "status" = 'sending', "attempts" = "attempts" + 1, "lease_until" = ${lease}
          where "id" in (select "id" from ${outbox}
            where ("status" = 'pending' and "next_attempt_at" <= ${now.getTime()}) or ${leaseExpired}
            order by "next_attempt_at", "id" limit ${Math.min(limit, claimBatch)}
            for update skip locked)
          ${returning(outbox)}`,
      );
      return rows.sort(byId).map(toOutboxRow);
    },

    /** Rows left `sending` by a replica whose lease expired; leased to this one while it checks them. */
    async interruptedOutbox() {
      const rows = await x.all<OutboxRecord>(
        sql`update ${outbox} set "lease_until" = ${lease}
          where "id" in (select "id" from ${outbox} where ${leaseExpired} order by "id" for update skip locked)
          ${returning(outbox)}`,
      );
      return rows.sort(byId).map(toOutboxRow);
    },

    arrayRows: arrays.arrayRows,
    bulkRows: arrays.bulkRows,

    // Commands resolve `<initiative>` against names alone. Not cached: other replicas rename and add
    // initiatives too, and this read is one index scan.
    initiativeNames: (workspaceId) =>
      x.all(
        sql`select "id", "slug", "name" from "initiatives" where "workspace_id" = ${workspaceId} order by "name_key"`,
      ),
  });
}
