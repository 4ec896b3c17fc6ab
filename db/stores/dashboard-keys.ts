/**
 * The dashboard's secret and used sign-in links, as rows of `job_state` (written once over the
 * executor for both databases). A link is single use because its nonce's row is inserted once:
 * the unique key refuses a second use on any replica and after a restart.
 */
import { sql } from "drizzle-orm";
import type { DashboardKeyStore } from "../../src/dashboard/store.js";
import type { Executor } from "../executor.js";
import { insertInto } from "../query.js";
import { jobState } from "../schema.js";

const SECRET_KEY = "dashboard:secret";
const LINK_PREFIX = "dashboard:link:";
/** Used links are kept well past their 15 minutes, then forgotten (an expired link fails anyway). */
const KEEP_USED_MS = 24 * 3_600_000;

export function createDashboardKeyStore(x: Executor): DashboardKeyStore {
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
  };
}
