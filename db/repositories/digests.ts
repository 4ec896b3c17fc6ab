import { and, desc, eq, isNotNull, ne } from "drizzle-orm";
import type { DigestStore } from "../../src/digest/store.js";
import type { Db } from "../client.js";
import { digests, initiatives, jobState, workspaces } from "../schema.js";
import { digestReads, loadDigestData } from "./digest-data.js";
import { insertOutbox } from "./outbox.js";

const doneKey = (workspaceId: string, periodKey: string) => `digest:${workspaceId}:${periodKey}`;

export function createDigestStore(db: Db): DigestStore {
  return {
    ...digestReads(db),
    async load(workspaceId, options) {
      const data = await loadDigestData(db, workspaceId, options);
      // Sponsors whose latest check-in could not be delivered (e.g. the Teams app is not installed for them).
      const row = db.$client
        .prepare(
          `select count(distinct o.target_id) as n from outbox o
           where o.workspace_id = ? and o.purpose = 'checkin' and o.status = 'failed' and o.last_error = 'unreachable'
             and o.created_at >= ?
             and not exists (select 1 from outbox s where s.workspace_id = o.workspace_id and s.target_id = o.target_id
                             and s.purpose = 'checkin' and s.status = 'sent' and s.created_at > o.created_at)`,
        )
        .get(workspaceId, options.now.getTime() - 8 * 7 * 86_400_000) as { n: number };
      return { ...data, sponsorsWithoutBot: row.n };
    },

    async channels(workspaceId) {
      const ws = db
        .select({ channel: workspaces.defaultChannel })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId))
        .get();
      const own = db
        .selectDistinct({ channel: initiatives.pmoChannel })
        .from(initiatives)
        .where(
          and(
            eq(initiatives.workspaceId, workspaceId),
            isNotNull(initiatives.pmoChannel),
            ne(initiatives.status, "closed"),
          ),
        )
        .all()
        .map((r) => r.channel as string);
      const withDefault = ws?.channel ? [ws.channel, ...own] : own;
      return [...new Set(withDefault)].sort();
    },

    async lastPostedAt(workspaceId, channelId) {
      const row = db
        .select({ at: digests.createdAt })
        .from(digests)
        .where(and(eq(digests.workspaceId, workspaceId), eq(digests.channelId, channelId)))
        .orderBy(desc(digests.createdAt))
        .limit(1)
        .get();
      return row ? new Date(row.at) : null;
    },

    async save(input, message) {
      return db.transaction(
        (tx) => {
          const row = tx
            .insert(digests)
            .values({
              workspaceId: input.workspaceId,
              channelId: input.channelId,
              periodKey: input.periodKey,
              createdAt: input.at.getTime(),
              snapshot: input.snapshot,
            })
            .onConflictDoNothing()
            .returning({ id: digests.id })
            .get();
          if (!row) return false;
          const [outboxId] = insertOutbox(tx, [message], input.at.getTime());
          if (outboxId !== undefined)
            tx.update(digests).set({ outboxId }).where(eq(digests.id, row.id)).run();
          return true;
        },
        { behavior: "immediate" },
      );
    },

    async periodDone(workspaceId, periodKey) {
      return (
        db
          .select({ key: jobState.key })
          .from(jobState)
          .where(eq(jobState.key, doneKey(workspaceId, periodKey)))
          .get() !== undefined
      );
    },

    async markPeriodDone(workspaceId, periodKey, at) {
      db.insert(jobState)
        .values({ key: doneKey(workspaceId, periodKey), value: at.toISOString(), updatedAt: at.getTime() })
        .onConflictDoNothing()
        .run();
    },
  };
}
