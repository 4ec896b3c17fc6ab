import { sql } from "drizzle-orm";
import type { DueSlot } from "../../src/ports/checkin-store.js";
import type { PgDb } from "./client.js";
import { DEFAULT_LEASE_MS, type LeaseOptions, leaseEnd, serverNow } from "./lease.js";
import { initiativeRoles, initiatives, people } from "./schema.js";

/**
 * Claims due slots for this replica: whole sponsors at a time (their initiatives share one
 * message), locked with SKIP LOCKED and leased, so replicas plan disjoint slots in parallel.
 * A replica that dies mid-plan leaves its slots to the others once the lease runs out.
 */
/** Advisory lock key for claiming due slots (any constant the application does not use elsewhere). */
const PLAN_CLAIM_LOCK = 7_130_001;

export async function claimDueSlots(
  db: PgDb,
  now: Date,
  limit: number,
  options: LeaseOptions = {},
): Promise<DueSlot[]> {
  const t = now.getTime();
  const lease = leaseEnd(options.leaseMs ?? DEFAULT_LEASE_MS);
  const sponsors = Math.max(1, Math.min(limit, options.planBatch ?? 100));
  // Claims are serialised across replicas (a transaction-scoped advisory lock, held for one short
  // statement): row locks alone let two replicas split one sponsor's initiatives between them, and a
  // sponsor would get two messages. Planning itself still runs in parallel.
  const res = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_CLAIM_LOCK})`);
    return tx.execute<{ id: number; workspace_id: string; at: string; key: string | null }>(sql`
    with due as (
      select i.id, i.workspace_id, i.next_checkin_at,
        (select r.person_id from ${initiativeRoles} r join ${people} p on p.id = r.person_id
          where r.initiative_id = i.id and r.role = 'sponsor'
          order by r.since, p.display_name limit 1) as sponsor
      from ${initiatives} i
      where i.next_checkin_at <= ${t}
        and (i.plan_lease_until is null or i.plan_lease_until < ${serverNow})
    ),
    firsts as (
      select workspace_id, sponsor from due group by workspace_id, sponsor
      order by min(next_checkin_at), workspace_id, sponsor limit ${sponsors}
    ),
    picked as (
      select i.id from ${initiatives} i
      join due d on d.id = i.id
      join firsts f on f.workspace_id = d.workspace_id and f.sponsor is not distinct from d.sponsor
      for update of i skip locked
    )
    update ${initiatives} set plan_lease_until = ${lease}
    where id in (select id from picked)
    returning id, workspace_id, next_checkin_at as at, next_period_key as key`);
  });
  return res.rows
    .map((r) => ({
      initiativeId: Number(r.id),
      workspaceId: r.workspace_id,
      dueAt: new Date(Number(r.at)),
      periodKey: r.key,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.initiativeId - b.initiativeId);
}
