/**
 * The digest's check-in reads: rows in a due-time range, of the portfolio in scope (with the
 * portfolio's load) or of some initiatives (the older ones the core asks for), and when older answers
 * were known. Which initiatives need their older check-ins is the core's rule
 * (src/digest/engagement-window.ts).
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import type { CheckinRowFact } from "../../src/digest/facts.js";
import type { DigestReads } from "../../src/digest/store.js";
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
 * `answeredBy` is left for the core, once every answerer's name is known. Check-ins due at the same
 * instant share one Date (read only): a few dozen due times for 40,000 rows.
 */
function toRow(row: CheckinRow, dates: Map<number, Date>): CheckinRowFact {
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

/** Check-ins due in [from, to) of the initiatives in scope (one JSON array). */
export function scopeCheckins(db: Db, params: ScopeParams, from: number, to: number): CheckinRowFact[] {
  const dates = new Map<number, Date>();
  return parseRows(digestQueries(db).checkins.get({ ...params, from, to })?.rows, (row: CheckinRow) =>
    toRow(row, dates),
  );
}

export function checkinReads(db: Db): Pick<DigestReads, "answersKnown" | "checkinsOf"> {
  return {
    async answersKnown(workspaceId, range) {
      return digestQueries(db)
        .earlierAnswerAt.all({
          workspaceId,
          from: range.dueFrom.getTime(),
          to: range.dueTo.getTime(),
          knownFrom: range.knownFrom.getTime(),
          now: range.knownTo.getTime(),
        })
        .map((r) => ({ initiativeId: r.initiativeId, at: new Date(r.at) }));
    },

    async checkinsOf(workspaceId, initiativeIds, due) {
      const dates = new Map<number, Date>();
      return chunks(initiativeIds).flatMap((ids) =>
        db
          .select(checkinColumns)
          .from(checkins)
          .where(
            and(
              eq(checkins.workspaceId, workspaceId),
              inArray(checkins.initiativeId, ids),
              gte(checkins.dueAt, due.from.getTime()),
              lt(checkins.dueAt, due.to.getTime()),
            ),
          )
          .values()
          .map((row) => toRow(row as CheckinRow, dates)),
      );
    },
  };
}
