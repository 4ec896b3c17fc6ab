/**
 * The one builder of engagement inputs: stored rows (check-ins, the sponsors' time away and open asks)
 * turned into what `deriveEngagement` reads. `/initiative show` and list (src/checkins/insights.ts),
 * the escalation job (src/checkins/escalate.ts) and the weekly digest (src/digest/assemble.ts) all
 * read engagement through it, so the three say the same thing about the same history.
 */
import { DAY } from "../core/clock.js";
import { cadenceDays, parseCadence } from "../schedule/cadence.js";
import { overdueAsks } from "./asks.js";
import { currentAbsence } from "./away.js";
import type { AwayPeriod, CheckinChoice, CheckinFact, CheckinStatus, EngagementInput } from "./model.js";
import type { EngagementSettings } from "./thresholds.js";

/** How far back engagement looks: well past the 6-week lapse. */
export const ENGAGEMENT_HISTORY_DAYS = 7 * 26;
export const ENGAGEMENT_HISTORY_MS = ENGAGEMENT_HISTORY_DAYS * DAY;

/** A stored check-in, as the check-in store and the digest store both return it. */
export interface StoredCheckin {
  sponsorPersonId: number;
  dueAt: Date;
  status: CheckinStatus;
  choice: CheckinChoice | null;
  confidence: number | null;
  answeredAt: Date | null;
  answeredByPersonId: number | null;
  /** Display name of who answered, when the reader has looked it up already. */
  answeredBy?: string | null;
  /**
   * Set by readers that build rows as facts (the digest's 40,000): the row is then the engagement's
   * `CheckinFact` as is, without a copy.
   */
  delegated?: boolean;
}

/** Who sponsors an initiative now, and what dates its reasons. */
export interface Sponsorship {
  /** The current sponsors' person ids (only their check-ins count). */
  sponsorIds: ReadonlySet<number>;
  /** When the first current sponsor was named; null without a sponsor. */
  sponsorSince: Date | null;
  /** Without a sponsor, the "no sponsor assigned since" date. */
  createdAt: Date;
  cadence: string;
  /** The zone reasons are written in: the first sponsor's, else the workspace's, else the bot's. */
  tz: string;
}

/** What the sponsors' real weeks add, for a set of initiatives: time away and open asks. */
export interface SponsorWeeks {
  /** Periods away (past, current and planned), in the stored order. */
  away: (AwayPeriod & { personId: number })[];
  /** Open asks (status "open"); overdue ones cool the engagement. */
  openAsks: { initiativeId: number; sponsorPersonId: number; createdAt: Date; dueAt: Date | null }[];
}

/** {@link SponsorWeeks} indexed once, so each of thousands of initiatives finds its own without a scan. */
export interface IndexedSponsorWeeks {
  away: SponsorWeeks["away"];
  awayPeople: Set<number>;
  asksOf: Map<number, SponsorWeeks["openAsks"]>;
}

export function indexSponsorWeeks(weeks: SponsorWeeks): IndexedSponsorWeeks {
  const asksOf = new Map<number, SponsorWeeks["openAsks"]>();
  for (const a of weeks.openAsks) {
    const list = asksOf.get(a.initiativeId);
    if (list) list.push(a);
    else asksOf.set(a.initiativeId, [a]);
  }
  return { away: weeks.away, awayPeople: new Set(weeks.away.map((p) => p.personId)), asksOf };
}

/** The sponsors' periods away, in the stored order (the first covering now is the absence shown). */
export function awayOf(sponsorIds: ReadonlySet<number>, weeks: IndexedSponsorWeeks): AwayPeriod[] {
  let any = false;
  for (const id of sponsorIds) any ||= weeks.awayPeople.has(id);
  if (!any) return [];
  return weeks.away.filter((p) => sponsorIds.has(p.personId)).map((p) => ({ from: p.from, until: p.until }));
}

/** The last day of a current absence (the period's end is the start of the day back). */
export function awayUntilOf(away: AwayPeriod[], now: Date): Date | undefined {
  const absence = currentAbsence(away, now);
  return absence ? new Date(absence.until.getTime() - 1) : undefined;
}

function factOf(c: StoredCheckin, answeredBy: string | null): CheckinFact {
  return {
    dueAt: c.dueAt,
    status: c.status,
    choice: c.choice,
    confidence: c.confidence,
    answeredAt: c.answeredAt,
    delegated: c.answeredByPersonId !== null && c.answeredByPersonId !== c.sponsorPersonId,
    answeredBy,
  };
}

/** A stored check-in as the engagement rules read it (who answered: the row's own `answeredBy`). */
export function toFact(c: StoredCheckin): CheckinFact {
  return factOf(c, c.answeredByPersonId === null ? null : (c.answeredBy ?? null));
}

function namedFact(c: StoredCheckin, nameOf: (personId: number) => string | undefined): CheckinFact {
  return factOf(c, c.answeredByPersonId === null ? null : (nameOf(c.answeredByPersonId) ?? null));
}

const cadenceCache = new Map<string, number>();
function daysOf(cadence: string): number {
  let days = cadenceCache.get(cadence);
  if (days === undefined) {
    try {
      days = cadenceDays(parseCadence(cadence));
    } catch {
      days = 7; // A stored cadence that no longer parses still gets a weekly reading.
    }
    cadenceCache.set(cadence, days);
  }
  return days;
}

export interface EngagementRows {
  /** The initiative's stored check-ins (any sponsor's: former sponsors' are left out here). */
  checkins: readonly StoredCheckin[];
  /** Absent: nothing is known of time away and asks (neither counts). */
  weeks?: IndexedSponsorWeeks;
  /** Names who answered; absent, a row's own `answeredBy`. */
  nameOf?: (personId: number) => string | undefined;
  /**
   * The latest answer ever, when the check-ins read do not go back that far: stands in for it so the
   * silence is counted from it (the digest's reading without the sponsors' weeks).
   */
  lastAnswerAt?: Date;
}

/**
 * One initiative's engagement input from its stored rows: the current sponsors' check-ins oldest first,
 * their time away, the overdue part of the open asks to them.
 */
export function engagementInput(
  initiativeId: number,
  sponsorship: Sponsorship,
  rows: EngagementRows,
  now: Date,
  settings: Pick<EngagementSettings, "askDueDays">,
): EngagementInput {
  const { sponsorIds } = sponsorship;
  const { weeks, nameOf } = rows;
  // Plain loops: the digest runs this for every initiative, in a process that has not warmed up yet.
  const own: CheckinFact[] = [];
  if (rows.lastAnswerAt)
    own.push({ dueAt: rows.lastAnswerAt, status: "answered", answeredAt: rows.lastAnswerAt });
  let sorted = true;
  for (const c of rows.checkins) {
    if (!sponsorIds.has(c.sponsorPersonId)) continue;
    const fact = nameOf ? namedFact(c, nameOf) : c.delegated === undefined ? toFact(c) : (c as CheckinFact);
    const previous = own[own.length - 1];
    if (previous && previous.dueAt.getTime() > fact.dueAt.getTime()) sorted = false;
    own.push(fact);
  }
  if (!sorted) own.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const asks = weeks?.asksOf.get(initiativeId)?.filter((a) => sponsorIds.has(a.sponsorPersonId));
  return {
    hasSponsor: sponsorIds.size > 0,
    sponsorSince: sponsorship.sponsorSince ?? sponsorship.createdAt,
    cadenceDays: daysOf(sponsorship.cadence),
    checkins: own,
    away: weeks ? awayOf(sponsorIds, weeks) : [],
    asksOverdue: weeks ? overdueAsks(asks ?? [], now, settings) : null,
    tz: sponsorship.tz,
  };
}
