/**
 * PostgreSQL twin of db/repositories/digest-data.ts. Reads what the weekly PMO digest needs for one
 * workspace (and one PMO channel) in a handful of
 * set-based queries — never one per initiative — so it stays fast at 5,000 initiatives and 500,000
 * check-ins. The core assembles the rows (src/digest/assemble.ts) and builds the digest.
 */
import { and, desc, eq, gte, inArray, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { PulseError } from "../../../src/core/errors.js";
import { assembleDigestInput, type DigestData } from "../../../src/digest/assemble.js";
import { type DigestFacts, sponsorScope } from "../../../src/digest/facts.js";
import { type DigestSnapshot, parseSnapshot } from "../../../src/digest/model.js";
import type { DigestLoadOptions } from "../../../src/digest/store.js";
import { isStage } from "../../../src/domain/stages.js";
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
import { loadPgDigestCheckins } from "./digest-checkins.js";

export type DigestDataOptions = DigestLoadOptions;

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
  options: DigestDataOptions,
): Promise<DigestData> {
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

  const initiativeFacts = initiativeRows.map((i) => ({
    ...i,
    stageEnteredAt: date(i.stageEnteredAt),
    createdAt: date(i.createdAt),
    updatedAt: date(i.updatedAt),
  }));
  const roleFacts = roleRows.map((r) => ({ ...r, since: date(r.since) }));
  // The bot's time away and overdue asks, so the engagement is derived once, with them.
  const sponsors = await options.sponsorFacts?.(sponsorScope(initiativeFacts, roleFacts));
  const checkinFacts = await loadPgDigestCheckins(db, ws.id, live, {
    now: options.now,
    since: options.since,
    initiatives: initiativeFacts,
    roles: roleFacts,
  });

  // Who answered: a few hundred people at most, so one lookup beats a join on every check-in row.
  const answerers = [
    ...new Set(checkinFacts.flatMap((c) => (c.answeredByPersonId ? [c.answeredByPersonId] : []))),
  ];
  const nameOf = new Map<number, string>();
  for (const ids of chunks(answerers)) {
    const rows = await db
      .select({ id: people.id, name: people.displayName })
      .from(people)
      .where(inArray(people.id, ids));
    for (const p of rows) nameOf.set(p.id, p.name);
  }

  // Only initiatives without an answer in the window need their older last answer.
  const answered = new Set(checkinFacts.filter((c) => c.status === "answered").map((c) => c.initiativeId));
  const silent = initiativeRows.filter((i) => i.status !== "closed" && !answered.has(i.id)).map((i) => i.id);
  // The answered filter sits inside the aggregate: one pass over these initiatives' check-ins.
  const lastAnswered = sql<
    number | null
  >`max(case when ${checkins.status} = 'answered' and ${checkins.answeredAt} < ${now} then ${checkins.answeredAt} end)`;
  const lastAnswers: { initiativeId: number; answeredAt: number | null }[] = [];
  for (const ids of chunks(silent)) {
    const rows = await db
      .select({ initiativeId: checkins.initiativeId, answeredAt: lastAnswered })
      .from(checkins)
      .where(inArray(checkins.initiativeId, ids))
      .groupBy(checkins.initiativeId);
    // bigint aggregates come back from node-postgres as strings.
    for (const r of rows)
      lastAnswers.push({ ...r, answeredAt: r.answeredAt === null ? null : Number(r.answeredAt) });
  }

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
  const previous = new Map<string, DigestSnapshot>();
  for (const row of digestRows) {
    if (previous.has(row.channelId)) continue;
    const snapshot = parseSnapshot(row.snapshot);
    if (snapshot) previous.set(row.channelId, snapshot);
  }

  const facts: DigestFacts = {
    workspace: { name: ws.name, tz: ws.tz, settings: ws.settings },
    initiatives: initiativeFacts,
    roles: roleFacts,
    // stage_history stores stage keys as text; a row that is not a stage any more is left out.
    stageMoves: moveRows.flatMap((m) =>
      isStage(m.to)
        ? [{ ...m, to: m.to, from: m.from && isStage(m.from) ? m.from : null, at: date(m.at) }]
        : [],
    ),
    checkins: checkinFacts.map((c) => ({
      ...c,
      answeredBy: c.answeredByPersonId === null ? null : (nameOf.get(c.answeredByPersonId) ?? null),
    })),
    lastAnswers: lastAnswers.flatMap((a) =>
      a.answeredAt === null ? [] : [{ initiativeId: a.initiativeId, answeredAt: date(a.answeredAt) }],
    ),
    escalations: escalationRows.map((e) => ({
      ...e,
      createdAt: date(e.createdAt),
      ackedAt: maybeDate(e.ackedAt),
      snoozedUntil: maybeDate(e.snoozedUntil),
      resolvedAt: maybeDate(e.resolvedAt),
    })),
    previousSnapshots: [...previous.values()],
    ...(sponsors ? { sponsors } : {}),
  };
  return assembleDigestInput(facts, { now: options.now, since: options.since });
}
