import { and, eq, sql } from "drizzle-orm";
import type { DigestStore } from "../../src/digest/store.js";
import type { Executor } from "../executor.js";
import { assign, insertInto } from "../query.js";
import { digestReadsOver } from "../repositories/digest-sql.js";
import { digests, initiatives, jobState, outbox, workspaces } from "../schema.js";
import { insertOutbox } from "./outbox.js";

const doneKey = (workspaceId: string, periodKey: string) => `digest:${workspaceId}:${periodKey}`;
const UNREACHABLE_LOOKBACK_MS = 8 * 7 * 86_400_000;

/**
 * The DigestStore port: the digest's reads (db/repositories/digest-sql.ts, over the dialect's array
 * reads) and what the digest job writes; the (workspace, channel, period) key posts each digest once.
 */
export function createDigestStore(x: Executor): DigestStore {
  const reads = digestReadsOver(x.dialect);
  return {
    ...reads,
    async load(workspaceId, options) {
      const data = await reads.load(workspaceId, options);
      // Sponsors whose latest check-in could not be delivered (e.g. the Teams app is not installed for them).
      const row = await x.get<{ n: number }>(
        sql`select count(distinct o.target_id) as n from ${outbox} o
          where o.workspace_id = ${workspaceId} and o.purpose = 'checkin' and o.status = 'failed'
            and o.last_error = 'unreachable' and o.created_at >= ${options.now.getTime() - UNREACHABLE_LOOKBACK_MS}
            and not exists (select 1 from ${outbox} s where s.workspace_id = o.workspace_id
              and s.target_id = o.target_id and s.purpose = 'checkin' and s.status = 'sent'
              and s.created_at > o.created_at)`,
      );
      return { ...data, sponsorsWithoutBot: Number(row?.n ?? 0) };
    },

    async channels(workspaceId) {
      const rows = await x.all<{ channel: string | null }>(
        sql`select ${workspaces.defaultChannel} as "channel" from ${workspaces} where ${eq(workspaces.id, workspaceId)}
          union all
          select distinct ${initiatives.pmoChannel} from ${initiatives}
          where ${eq(initiatives.workspaceId, workspaceId)} and ${initiatives.pmoChannel} is not null
            and ${initiatives.status} <> 'closed'`,
      );
      return [...new Set(rows.flatMap((r) => (r.channel ? [r.channel] : [])))].sort();
    },

    async lastPostedAt(workspaceId, channelId) {
      const row = await x.get<{ at: number }>(
        sql`select ${digests.createdAt} as "at" from ${digests}
          where ${and(eq(digests.workspaceId, workspaceId), eq(digests.channelId, channelId))}
          order by ${digests.createdAt} desc limit 1`,
      );
      return row ? new Date(row.at) : null;
    },

    async save(input, message) {
      return x.transaction(async (tx) => {
        const row = await tx.get<{ id: number }>(
          sql`${insertInto(digests, [
            {
              workspaceId: input.workspaceId,
              channelId: input.channelId,
              periodKey: input.periodKey,
              createdAt: input.at.getTime(),
              snapshot: input.snapshot,
            },
          ])} on conflict do nothing returning "id"`,
        );
        if (!row) return false;
        const [outboxId] = await insertOutbox(tx, [message], input.at.getTime());
        if (outboxId !== undefined)
          await tx.run(
            sql`update ${digests} set ${assign(digests, { outboxId })} where ${eq(digests.id, row.id)}`,
          );
        return true;
      });
    },

    async periodDone(workspaceId, periodKey) {
      const row = await x.get(
        sql`select 1 as "done" from ${jobState} where ${eq(jobState.key, doneKey(workspaceId, periodKey))}`,
      );
      return row !== undefined;
    },

    async markPeriodDone(workspaceId, periodKey, at) {
      await x.run(
        sql`${insertInto(jobState, [
          { key: doneKey(workspaceId, periodKey), value: at.toISOString(), updatedAt: at.getTime() },
        ])} on conflict do nothing`,
      );
    },
  };
}
