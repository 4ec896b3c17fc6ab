/**
 * The dashboard's store, written once over the executor for both databases: its secret and used
 * sign-in links as rows of `job_state` (a link is single use because its nonce's row is inserted
 * once: the unique key refuses a second use on any replica and after a restart), and the weekly
 * response counts of its trends.
 */
import { sql } from "drizzle-orm";
import type { DashboardStore, WeekResponseCounts } from "../../src/dashboard/store.js";
import type { Executor } from "../executor.js";
import { idList, insertInto } from "../query.js";
import { checkins, jobState } from "../schema.js";

const SECRET_KEY = "dashboard:secret";
const LINK_PREFIX = "dashboard:link:";
/** Used links are kept well past their 15 minutes, then forgotten (an expired link fails anyway). */
const KEEP_USED_MS = 24 * 3_600_000;

export function createDashboardStore(x: Executor): DashboardStore {
  const j = jobState;
  return {
    async storedSecret(candidate, at) {
      await x.run(
        sql`${insertInto(j, [{ key: SECRET_KEY, value: candidate, updatedAt: at.getTime() }])} on conflict (${sql.identifier("key")}) do nothing`,
      );
      const row = await x.get<{ value: string }>(
        sql`select ${j.value} as "value" from ${j} where ${j.key} = ${SECRET_KEY}`,
      );
      if (!row) throw new Error("the dashboard secret could not be stored");
      return row.value;
    },
    async useLink(nonce, at) {
      const inserted = await x.run(
        sql`${insertInto(j, [{ key: `${LINK_PREFIX}${nonce}`, value: "used", updatedAt: at.getTime() }])} on conflict (${sql.identifier("key")}) do nothing`,
      );
      await x.run(
        sql`delete from ${j} where ${j.key} like ${`${LINK_PREFIX}%`} and ${j.updatedAt} < ${at.getTime() - KEEP_USED_MS}`,
      );
      return inserted === 1;
    },
    async responseByWeek(workspaceId, initiativeIds, weeks) {
      const out: WeekResponseCounts[] = weeks.map(() => ({
        answered: 0,
        missed: 0,
        confidenceSum: 0,
        confidenceCount: 0,
      }));
      const first = weeks[0];
      const last = weeks[weeks.length - 1];
      if (!first || !last || initiativeIds.length === 0) return out;
      const c = checkins;
      // Week numbers are literals this code makes (a parameter would be text to PostgreSQL).
      const week = sql.join(
        weeks.map((w, i) => sql`when ${c.dueAt} < ${w.end.getTime()} then ${sql.raw(String(i))}`),
        sql` `,
      );
      const rows = await x.all<{ week: number } & WeekResponseCounts>(
        sql`select case ${week} end as "week",
          sum(case when ${c.status} = 'answered' then 1 else 0 end) as "answered",
          sum(case when ${c.status} = 'missed' then 1 else 0 end) as "missed",
          sum(case when ${c.status} = 'answered' then ${c.confidence} end) as "confidenceSum",
          count(case when ${c.status} = 'answered' then ${c.confidence} end) as "confidenceCount"
        from ${c}
        where ${c.workspaceId} = ${workspaceId} and ${c.dueAt} >= ${first.start.getTime()}
          and ${c.dueAt} < ${last.end.getTime()}
          and ${c.initiativeId} in (${idList(initiativeIds)})
        group by 1`,
      );
      for (const r of rows) {
        const w = out[Number(r.week)];
        if (!w) continue;
        w.answered = Number(r.answered ?? 0);
        w.missed = Number(r.missed ?? 0);
        w.confidenceSum = Number(r.confidenceSum ?? 0);
        w.confidenceCount = Number(r.confidenceCount ?? 0);
      }
      return out;
    },
  };
}
