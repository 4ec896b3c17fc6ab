/**
 * PostgreSQL twin of db/repositories/digest-checkins.ts: every initiative's recent check-ins (the
 * trend's 8 weeks, or back to the period's start), and the rest of the 26-week engagement look-back
 * only for the initiatives whose engagement they can change (src/digest/engagement-window.ts).
 */
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { CHECKIN_HISTORY_MS, TREND_HISTORY_MS } from "../../../src/digest/assemble.js";
import { needsEarlierCheckins } from "../../../src/digest/engagement-window.js";
import type { CheckinRowFact, InitiativeFact, RoleFact } from "../../../src/digest/facts.js";
import { chunks } from "../../repositories/digest-checkins.js";
import type { PgDb } from "../client.js";
import { checkins, initiatives } from "../schema.js";

const columns = {
  initiativeId: checkins.initiativeId,
  sponsorPersonId: checkins.sponsorPersonId,
  dueAt: checkins.dueAt,
  status: checkins.status,
  choice: checkins.choice,
  confidence: checkins.confidence,
  note: checkins.note,
  answeredAt: checkins.answeredAt,
  answeredByPersonId: checkins.answeredByPersonId,
};

type Row = {
  initiativeId: number;
  sponsorPersonId: number;
  dueAt: number;
  status: CheckinRowFact["status"];
  choice: CheckinRowFact["choice"];
  confidence: number | null;
  note: string | null;
  answeredAt: number | null;
  answeredByPersonId: number | null;
};

/** `answeredBy` is left for the caller, once every answerer's name is known. */
function toFact(r: Row): CheckinRowFact {
  return {
    ...r,
    dueAt: new Date(r.dueAt),
    answeredAt: r.answeredAt === null ? null : new Date(r.answeredAt),
    answeredBy: null,
    delegated: r.answeredByPersonId !== null && r.answeredByPersonId !== r.sponsorPersonId,
  };
}

export interface PgDigestCheckinScope {
  now: Date;
  since: Date;
  /** The loader's initiatives and roles in scope (`live` selects the same initiatives in SQL). */
  initiatives: InitiativeFact[];
  roles: RoleFact[];
}

/** Check-ins due before `now`, older ones first, of the initiatives `live` selects. */
export async function loadPgDigestCheckins(
  db: PgDb,
  workspaceId: string,
  live: SQL | undefined,
  scope: PgDigestCheckinScope,
): Promise<CheckinRowFact[]> {
  const now = scope.now.getTime();
  const historyFrom = now - CHECKIN_HISTORY_MS;
  const recentFrom = Math.max(historyFrom, Math.min(now - TREND_HISTORY_MS, scope.since.getTime()));
  const recent = (
    await db
      .select(columns)
      .from(checkins)
      .innerJoin(initiatives, eq(initiatives.id, checkins.initiativeId))
      .where(
        and(
          eq(checkins.workspaceId, workspaceId),
          gte(checkins.dueAt, recentFrom),
          lt(checkins.dueAt, now),
          live,
        ),
      )
  ).map(toFact);

  // When each initiative's older answers were known: a later one there would reorder the recent ones.
  // Only those known after the first recent answer can, so the rest of the 18 weeks is not grouped.
  let knownFrom = Number.POSITIVE_INFINITY;
  for (const c of recent)
    if (c.status === "answered") knownFrom = Math.min(knownFrom, (c.answeredAt ?? c.dueAt).getTime());
  const knownAt = sql<string>`max(coalesce(${checkins.answeredAt}, ${checkins.dueAt}))`;
  const earlierAnswerAt = new Map(
    Number.isFinite(knownFrom)
      ? (
          await db
            .select({ initiativeId: checkins.initiativeId, at: knownAt })
            .from(checkins)
            .where(
              and(
                eq(checkins.workspaceId, workspaceId),
                gte(checkins.dueAt, historyFrom),
                lt(checkins.dueAt, recentFrom),
                eq(checkins.status, "answered"),
                sql`coalesce(${checkins.answeredAt}, ${checkins.dueAt}) between ${knownFrom} and ${now}`,
              ),
            )
            .groupBy(checkins.initiativeId)
        ).map((r) => [r.initiativeId, new Date(Number(r.at))] as const) // bigint aggregates arrive as text
      : [],
  );
  const needed = needsEarlierCheckins({ ...scope, recent, earlierAnswerAt });
  const older: CheckinRowFact[] = [];
  for (const ids of chunks(needed)) {
    const rows = await db
      .select(columns)
      .from(checkins)
      .where(
        and(
          eq(checkins.workspaceId, workspaceId),
          inArray(checkins.initiativeId, ids),
          gte(checkins.dueAt, historyFrom),
          lt(checkins.dueAt, recentFrom),
        ),
      );
    for (const r of rows) older.push(toFact(r));
  }
  return older.length ? [...older, ...recent] : recent;
}
