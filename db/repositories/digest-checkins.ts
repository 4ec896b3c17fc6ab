/**
 * The digest's check-ins: every initiative's recent ones (the trend's 8 weeks, or back to the period's
 * start), and the rest of the 26-week engagement look-back only for the initiatives whose engagement
 * they can change (src/digest/engagement-window.ts) — at 5,000 initiatives 40,000 rows instead of
 * 130,000, with the same digest.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { CHECKIN_HISTORY_MS, TREND_HISTORY_MS } from "../../src/digest/assemble.js";
import { needsEarlierCheckins } from "../../src/digest/engagement-window.js";
import type { CheckinRowFact, InitiativeFact, RoleFact } from "../../src/digest/facts.js";
import type { Db } from "../client.js";
import { checkins } from "../schema.js";
import {
  CHOICE_CODES,
  checkinColumns,
  digestQueries,
  parseRows,
  type ScopeParams,
  STATUS_CODES,
} from "./digest-queries.js";

/** SQLite's default limit on bound parameters is far above this; chunks keep PostgreSQL happy too. */
const CHUNK = 900;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A row of {@link checkinColumns} as SQLite returns it: arrays, not objects, for tens of thousands of rows. */
type CheckinRow = [
  initiativeId: number,
  sponsorPersonId: number,
  dueAt: number,
  status: number,
  choice: number | null,
  confidence: number | null,
  note: string | null,
  answeredAt: number | null,
  answeredByPersonId: number | null,
];

/**
 * `answeredBy` is left for the caller, once every answerer's name is known. Check-ins due at the same
 * instant share one Date (read only): a few dozen due times for 40,000 rows.
 */
function toFact(row: CheckinRow, dates: Map<number, Date>): CheckinRowFact {
  const [initiativeId, sponsorPersonId, dueAt, status, choice, confidence, note, answeredAt, answeredBy] =
    row;
  let due = dates.get(dueAt);
  if (!due) {
    due = new Date(dueAt);
    dates.set(dueAt, due);
  }
  return {
    initiativeId,
    sponsorPersonId,
    dueAt: due,
    status: STATUS_CODES[status] ?? "cancelled",
    choice: choice === null ? null : (CHOICE_CODES[choice] ?? null),
    confidence,
    note,
    answeredAt: answeredAt === null ? null : new Date(answeredAt),
    answeredByPersonId: answeredBy,
    answeredBy: null,
    delegated: answeredBy !== null && answeredBy !== sponsorPersonId,
  };
}

export interface DigestCheckinScope {
  now: Date;
  since: Date;
  /** The loader's initiatives and roles in scope (`params` selects the same initiatives in SQL). */
  initiatives: InitiativeFact[];
  roles: RoleFact[];
}

/** Check-ins due before `now`, older ones first, of the initiatives in scope. */
export function loadDigestCheckins(db: Db, params: ScopeParams, scope: DigestCheckinScope): CheckinRowFact[] {
  const q = digestQueries(db);
  const now = scope.now.getTime();
  const historyFrom = now - CHECKIN_HISTORY_MS;
  const recentFrom = Math.max(historyFrom, Math.min(now - TREND_HISTORY_MS, scope.since.getTime()));
  const dates = new Map<number, Date>();
  const recent = parseRows(
    q.checkins.get({ ...params, from: recentFrom, to: now })?.rows,
    (row: CheckinRow) => toFact(row, dates),
  );

  // When each initiative's older answers were known: a later one there would reorder the recent ones.
  // Only those known after the first recent answer can: the rest of the 18 weeks need not be grouped.
  let knownFrom = Number.POSITIVE_INFINITY;
  for (const c of recent)
    if (c.status === "answered") knownFrom = Math.min(knownFrom, (c.answeredAt ?? c.dueAt).getTime());
  const earlierAnswerAt = new Map(
    Number.isFinite(knownFrom)
      ? q.earlierAnswerAt
          .all({ workspaceId: params.workspaceId, from: historyFrom, to: recentFrom, knownFrom, now })
          .map((r) => [r.initiativeId, new Date(r.at)] as const)
      : [],
  );
  const needed = needsEarlierCheckins({ ...scope, recent, earlierAnswerAt });
  const older = chunks(needed).flatMap((ids) =>
    db
      .select(checkinColumns)
      .from(checkins)
      .where(
        and(
          eq(checkins.workspaceId, params.workspaceId),
          inArray(checkins.initiativeId, ids),
          gte(checkins.dueAt, historyFrom),
          lt(checkins.dueAt, recentFrom),
        ),
      )
      .values()
      .map((row) => toFact(row as CheckinRow, dates)),
  );
  return older.length ? [...older, ...recent] : recent;
}
