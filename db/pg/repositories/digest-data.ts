/**
 * PostgreSQL twin of db/repositories/digest-data.ts. Reads what the weekly PMO digest needs for one
 * workspace (and one PMO channel) in a handful of set-based queries — never one per initiative — so it
 * stays fast at 5,000 initiatives and 500,000 check-ins. Plain rows: the core reads what they mean
 * (src/digest/load.ts) and assembles the digest.
 */
import { and, desc, eq, gte, inArray, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { PulseError } from "../../../src/core/errors.js";
import type { DigestRows } from "../../../src/digest/facts.js";
import type { DigestLoadOptions, DigestReads } from "../../../src/digest/store.js";
import { chunks } from "../../repositories/digest-checkins.js";
import type { PgDb } from "../client.js";
import {
  checkins,
  digests,
  escalations,
  initiativeRoles,
  initiatives,
  people,
  stageHistory,
  workspaces,
} from "../schema.js";
import { pgCheckinReads, scopeCheckins } from "./digest-checkins.js";

function channelScope(workspaceId: string, defaultChannel: string | null, channelId?: string): SQL {
  const inWorkspace = eq(initiatives.workspaceId, workspaceId);
  if (channelId === undefined) return inWorkspace;
  const own = eq(initiatives.pmoChannel, channelId);
  const scoped = channelId === defaultChannel ? or(own, isNull(initiatives.pmoChannel)) : own;
  return and(inWorkspace, scoped) as SQL;
}

const date = (ms: number) => new Date(ms);
const maybeDate = (ms: number | null) => (ms === null ? null : new Date(ms));

export async function loadDigestData(
  db: PgDb,
  workspaceId: string,
  options: DigestLoadOptions,
): Promise<DigestRows> {
  const now = options.now.getTime();
  const since = options.since.getTime();
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw new PulseError("not_found", `There is no workspace "${workspaceId}".`);

  // In scope: this channel's initiatives that are open, or closed during the period.
  const live = and(
    channelScope(ws.id, ws.defaultChannel, options.channelId),
    or(ne(initiatives.status, "closed"), gte(initiatives.updatedAt, since)),
  );

  const initiativeRows = await db
    .select({
      id: initiatives.id,
      slug: initiatives.slug,
      name: initiatives.name,
      stage: initiatives.stage,
      status: initiatives.status,
      statusReason: initiatives.statusReason,
      cadence: initiatives.cadence,
      stageEnteredAt: initiatives.stageEnteredAt,
      createdAt: initiatives.createdAt,
      updatedAt: initiatives.updatedAt,
    })
    .from(initiatives)
    .where(live);

  const roleRows = await db
    .select({
      initiativeId: initiativeRoles.initiativeId,
      role: initiativeRoles.role,
      personId: people.id,
      name: people.displayName,
      tz: people.tz,
      since: initiativeRoles.since,
    })
    .from(initiativeRoles)
    .innerJoin(initiatives, eq(initiatives.id, initiativeRoles.initiativeId))
    .innerJoin(people, eq(people.id, initiativeRoles.personId))
    .where(and(live, ne(initiatives.status, "closed")))
    .orderBy(initiativeRoles.since, people.displayName);

  const moveRows = await db
    .select({
      initiativeId: stageHistory.initiativeId,
      from: stageHistory.fromStage,
      to: stageHistory.toStage,
      by: people.displayName,
      note: stageHistory.note,
      forcedReason: stageHistory.forcedReason,
      at: stageHistory.at,
    })
    .from(stageHistory)
    .innerJoin(initiatives, eq(initiatives.id, stageHistory.initiativeId))
    .leftJoin(people, eq(people.id, stageHistory.byPersonId))
    .where(and(live, gte(stageHistory.at, since), lt(stageHistory.at, now)));

  const escalationRows = await db
    .select({
      initiativeId: escalations.initiativeId,
      level: escalations.level,
      createdAt: escalations.createdAt,
      ackedAt: escalations.ackedAt,
      snoozedUntil: escalations.snoozedUntil,
      resolvedAt: escalations.resolvedAt,
    })
    .from(escalations)
    .innerJoin(initiatives, eq(initiatives.id, escalations.initiativeId))
    .where(
      and(
        eq(escalations.workspaceId, ws.id),
        live,
        lt(escalations.createdAt, now),
        or(isNull(escalations.resolvedAt), gte(escalations.resolvedAt, since)),
      ),
    );

  // The latest valid snapshot per channel before now (an unfilled "{}" row is skipped).
  const digestRows = await db
    .select({ channelId: digests.channelId, snapshot: digests.snapshot })
    .from(digests)
    .where(
      and(
        eq(digests.workspaceId, ws.id),
        lt(digests.createdAt, now),
        options.channelId === undefined ? undefined : eq(digests.channelId, options.channelId),
      ),
    )
    .orderBy(desc(digests.createdAt), desc(digests.id));
  return {
    workspace: { name: ws.name, tz: ws.tz, settings: ws.settings },
    initiatives: initiativeRows.map((i) => ({
      ...i,
      stageEnteredAt: date(i.stageEnteredAt),
      createdAt: date(i.createdAt),
      updatedAt: date(i.updatedAt),
    })),
    roles: roleRows.map((r) => ({ ...r, since: date(r.since) })),
    stageMoves: moveRows.map((m) => ({ ...m, at: date(m.at) })),
    checkins: await scopeCheckins(db, ws.id, live, options.checkinsFrom?.getTime() ?? since, now),
    escalations: escalationRows.map((e) => ({
      ...e,
      createdAt: date(e.createdAt),
      ackedAt: maybeDate(e.ackedAt),
      snoozedUntil: maybeDate(e.snoozedUntil),
      resolvedAt: maybeDate(e.resolvedAt),
    })),
    snapshots: digestRows,
  };
}

/** The digest's reads over PostgreSQL (the store adds who cannot receive check-ins to `load`). */
export function pgDigestReads(db: PgDb): DigestReads {
  return {
    load: (workspaceId, options) => loadDigestData(db, workspaceId, options),
    ...pgCheckinReads(db),

    async lastAnswers(_workspaceId, initiativeIds, before) {
      // The answered filter sits inside the aggregate: one pass over these initiatives' check-ins.
      const lastAnswered = sql<
        number | null
      >`max(case when ${checkins.status} = 'answered' and ${checkins.answeredAt} < ${before.getTime()} then ${checkins.answeredAt} end)`;
      const out: { initiativeId: number; answeredAt: Date }[] = [];
      for (const ids of chunks(initiativeIds)) {
        const rows = await db
          .select({ initiativeId: checkins.initiativeId, answeredAt: lastAnswered })
          .from(checkins)
          .where(inArray(checkins.initiativeId, ids))
          .groupBy(checkins.initiativeId);
        // bigint aggregates come back from node-postgres as strings.
        for (const r of rows)
          if (r.answeredAt !== null)
            out.push({ initiativeId: r.initiativeId, answeredAt: date(Number(r.answeredAt)) });
      }
      return out;
    },

    async names(workspaceId, personIds) {
      const out: { id: number; name: string }[] = [];
      for (const ids of chunks(personIds))
        out.push(
          ...(await db
            .select({ id: people.id, name: people.displayName })
            .from(people)
            .where(and(eq(people.workspaceId, workspaceId), inArray(people.id, ids)))),
        );
      return out;
    },
  };
}
