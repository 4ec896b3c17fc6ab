/**
 * PostgreSQL twin of db/repositories/digest-checkins.ts: check-ins in a due-time range, of the
 * portfolio in scope or of some initiatives, and when older answers were known.
 */
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { CheckinRowFact } from "../../../src/digest/facts.js";
import type { DigestReads } from "../../../src/digest/store.js";
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

/** `answeredBy` is left for the core, once every answerer's name is known. */
function toRow(r: Row): CheckinRowFact {
  return {
    ...r,
    dueAt: new Date(r.dueAt),
    answeredAt: r.answeredAt === null ? null : new Date(r.answeredAt),
    answeredBy: null,
    delegated: r.answeredByPersonId !== null && r.answeredByPersonId !== r.sponsorPersonId,
  };
}

/** Check-ins due in [from, to) of the initiatives `live` selects. */
export async function scopeCheckins(
  db: PgDb,
  workspaceId: string,
  live: SQL | undefined,
  from: number,
  to: number,
): Promise<CheckinRowFact[]> {
  const rows = await db
    .select(columns)
    .from(checkins)
    .innerJoin(initiatives, eq(initiatives.id, checkins.initiativeId))
    .where(
      and(eq(checkins.workspaceId, workspaceId), gte(checkins.dueAt, from), lt(checkins.dueAt, to), live),
    );
  return rows.map(toRow);
}

export function pgCheckinReads(db: PgDb): Pick<DigestReads, "answersKnown" | "checkinsOf"> {
  return {
    async answersKnown(workspaceId, range) {
      const knownAt = sql<string>`max(coalesce(${checkins.answeredAt}, ${checkins.dueAt}))`;
      const rows = await db
        .select({ initiativeId: checkins.initiativeId, at: knownAt })
        .from(checkins)
        .where(
          and(
            eq(checkins.workspaceId, workspaceId),
            gte(checkins.dueAt, range.dueFrom.getTime()),
            lt(checkins.dueAt, range.dueTo.getTime()),
            eq(checkins.status, "answered"),
            sql`coalesce(${checkins.answeredAt}, ${checkins.dueAt}) between ${range.knownFrom.getTime()} and ${range.knownTo.getTime()}`,
          ),
        )
        .groupBy(checkins.initiativeId);
      // bigint aggregates arrive as text
      return rows.map((r) => ({ initiativeId: r.initiativeId, at: new Date(Number(r.at)) }));
    },

    async checkinsOf(workspaceId, initiativeIds, due) {
      const out: CheckinRowFact[] = [];
      for (const ids of chunks(initiativeIds)) {
        const rows = await db
          .select(columns)
          .from(checkins)
          .where(
            and(
              eq(checkins.workspaceId, workspaceId),
              inArray(checkins.initiativeId, ids),
              gte(checkins.dueAt, due.from.getTime()),
              lt(checkins.dueAt, due.to.getTime()),
            ),
          );
        for (const r of rows) out.push(toRow(r));
      }
      return out;
    },
  };
}
