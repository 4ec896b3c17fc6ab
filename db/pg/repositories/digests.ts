import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { DigestStore } from "../../../src/digest/store.js";
import type { PgDb } from "../client.js";
import { digests, initiatives, jobState, workspaces } from "../schema.js";
import { loadDigestData, pgDigestReads } from "./digest-data.js";
import { insertOutbox } from "./outbox.js";

const doneKey = (workspaceId: string, periodKey: string) => `digest:${workspaceId}:${periodKey}`;

/** The DigestStore port over PostgreSQL; the (workspace, channel, period) key posts each digest once. */
export function createPgDigestStore(db: PgDb): DigestStore {
  return {
    ...pgDigestReads(db),
    async load(workspaceId, options) {
      const data = await loadDigestData(db, workspaceId, options);
      // Sponsors whose latest check-in could not be delivered (e.g. the Teams app is not installed for them).
      const res = await db.$client.query<{ n: string }>(
        `select count(distinct o.target_id) as n from outbox o
         where o.workspace_id = $1 and o.purpose = 'checkin' and o.status = 'failed' and o.last_error = 'unreachable'
           and o.created_at >= $2
           and not exists (select 1 from outbox s where s.workspace_id = o.workspace_id and s.target_id = o.target_id
                           and s.purpose = 'checkin' and s.status = 'sent' and s.created_at > o.created_at)`,
        [workspaceId, options.now.getTime() - 8 * 7 * 86_400_000],
      );
      return { ...data, sponsorsWithoutBot: Number(res.rows[0]?.n ?? 0) };
    },

    async channels(workspaceId) {
      const [ws] = await db
        .select({ channel: workspaces.defaultChannel })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      const own = (
        await db
          .selectDistinct({ channel: initiatives.pmoChannel })
          .from(initiatives)
          .where(
            and(
              eq(initiatives.workspaceId, workspaceId),
              isNotNull(initiatives.pmoChannel),
              ne(initiatives.status, "closed"),
            ),
          )
      ).map((r) => r.channel as string);
      const withDefault = ws?.channel ? [ws.channel, ...own] : own;
      return [...new Set(withDefault)].sort();
    },

    async lastPostedAt(workspaceId, channelId) {
      const [row] = await db
        .select({ at: digests.createdAt })
        .from(digests)
        .where(and(eq(digests.workspaceId, workspaceId), eq(digests.channelId, channelId)))
        .orderBy(desc(digests.createdAt))
        .limit(1);
      return row ? new Date(row.at) : null;
    },

    async save(input, message) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(digests)
          .values({
            workspaceId: input.workspaceId,
            channelId: input.channelId,
            periodKey: input.periodKey,
            createdAt: input.at.getTime(),
            snapshot: input.snapshot,
          })
          .onConflictDoNothing()
          .returning({ id: digests.id });
        if (!row) return false;
        const [outboxId] = await insertOutbox(tx, [message], input.at.getTime());
        if (outboxId !== undefined) await tx.update(digests).set({ outboxId }).where(eq(digests.id, row.id));
        return true;
      });
    },

    async periodDone(workspaceId, periodKey) {
      const rows = await db
        .select({ key: jobState.key })
        .from(jobState)
        .where(eq(jobState.key, doneKey(workspaceId, periodKey)));
      return rows.length > 0;
    },

    async markPeriodDone(workspaceId, periodKey, at) {
      await db
        .insert(jobState)
        .values({ key: doneKey(workspaceId, periodKey), value: at.toISOString(), updatedAt: at.getTime() })
        .onConflictDoNothing();
    },
  };
}
