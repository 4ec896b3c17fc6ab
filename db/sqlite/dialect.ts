/** What SQLite does its own way (see Dialect in db/executor.ts): one process plans and delivers, so no leases. */
import { type SQL, sql } from "drizzle-orm";
import { wholeSponsorBatch } from "../../src/checkins/due-batch.js";
import type { Db } from "../client.js";
import type { Dialect, Executor } from "../executor.js";
import { columns, returning } from "../query.js";
import { toOutboxRow } from "../repositories/rows.js";
import { initiativeRoles, initiatives, outbox, people } from "../schema.js";
import { sqliteArrayReads } from "./array-reads.js";
import { createInitiativeNames } from "./initiative-names.js";

type OutboxRecord = typeof outbox.$inferSelect;

export function sqliteDialect(db: Db) {
  const names = createInitiativeNames(db.$client);
  const arrays = sqliteArrayReads(db);
  return (x: Executor): Dialect => ({
    kind: "sqlite",
    forUpdate: sql``,
    notIndexed: (column) => sql`+${column}`,
    jsonText: (column: SQL, path: string[]) => sql`json_extract(${column}, ${`$.${path.join(".")}`})`,
    isUniqueViolation: (error) =>
      typeof error === "object" &&
      error !== null &&
      "code" in error &&
      error.code === "SQLITE_CONSTRAINT_UNIQUE",
    planLeaseEnd: sql``,
    outboxLeaseEnd: sql``,

    // In first-sponsor order (the one the planner addresses), one row past the limit: the batch ends
    // at a whole sponsor (src/checkins/due-batch.ts).
    async dueSlots(now, limit) {
      const rows = await x.all<{
        id: number;
        ws: string;
        at: number;
        key: string | null;
        sponsor: number | null;
      }>(
        sql`select i.id as id, i.workspace_id as ws, i.next_checkin_at as at, i.next_period_key as key,
          (select r.person_id from ${initiativeRoles} r join ${people} p on p.id = r.person_id
            where r.initiative_id = i.id and r.role = 'sponsor'
            order by r.since, p.display_name limit 1) as sponsor
          from ${initiatives} i
          where i.next_checkin_at is not null and i.next_checkin_at <= ${now.getTime()}
          order by i.workspace_id, sponsor, i.next_checkin_at, i.id
          limit ${limit + 1}`,
      );
      return wholeSponsorBatch(rows, limit, (r) => `${r.ws}:${r.sponsor}`).map((r) => ({
        initiativeId: r.id,
        workspaceId: r.ws,
        dueAt: new Date(r.at),
        periodKey: r.key,
      }));
    },

    async claimOutbox(now, limit) {
      const rows = await x.all<OutboxRecord>(
        sql`update ${outbox} set "status" = 'sending', "attempts" = "attempts" + 1
          where "id" in (select "id" from ${outbox}
            where "status" = 'pending' and "next_attempt_at" <= ${now.getTime()}
            order by "next_attempt_at", "id" limit ${limit})
          ${returning(outbox)}`,
      );
      return rows.sort((a, b) => a.id - b.id).map(toOutboxRow);
    },

    async interruptedOutbox() {
      const rows = await x.all<OutboxRecord>(
        sql`select ${columns(outbox)} from ${outbox} where ${outbox.status} = 'sending' order by ${outbox.id}`,
      );
      return rows.map(toOutboxRow);
    },

    arrayRows: arrays.arrayRows,
    bulkRows: arrays.bulkRows,

    async initiativeNames(workspaceId) {
      return names(workspaceId);
    },
  });
}
