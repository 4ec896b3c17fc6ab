/**
 * Each initiative's engagement for the digest, derived once from the loader's check-ins. Without sponsor
 * facts it is the bare loader's reading (the latest answer ever, for "no answer since"); with them it is
 * the reading of `/initiative show` and the escalation job (src/checkins/insights.ts): time away and
 * overdue asks count, the look-back is 26 weeks, and the bot's default zone stands in for a missing one.
 */
import { overdueAsks } from "../engagement/asks.js";
import { currentAbsence } from "../engagement/away.js";
import type { AwayPeriod, CheckinFact } from "../engagement/model.js";
import { currentEngagement } from "../engagement/state.js";
import type { EngagementSettings } from "../engagement/thresholds.js";
import { cadenceDays, parseCadence } from "../schedule/cadence.js";
import { settledHistory } from "./engagement-window.js";
import type { CheckinRowFact, InitiativeFact, RoleFact, SponsorFacts } from "./facts.js";
import type { DigestEngagement } from "./model.js";

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

/** A loaded check-in row as the engagement rules read it. */
export function toFact(c: CheckinRowFact): CheckinFact {
  return {
    dueAt: c.dueAt,
    status: c.status,
    choice: c.choice,
    confidence: c.confidence,
    answeredAt: c.answeredAt,
    delegated: c.answeredByPersonId !== null && c.answeredByPersonId !== c.sponsorPersonId,
    answeredBy: c.answeredBy,
  };
}

/** Sponsor facts indexed once per digest, so each initiative finds its own without a scan. */
export interface IndexedSponsorFacts {
  defaultTz: string;
  /** Every period, in the stored order (the first one covering now is the absence shown). */
  away: SponsorFacts["away"];
  awayPeople: Set<number>;
  asksOf: Map<number, SponsorFacts["openAsks"]>;
}

export function indexSponsorFacts(facts: SponsorFacts): IndexedSponsorFacts {
  const asksOf = new Map<number, SponsorFacts["openAsks"]>();
  for (const a of facts.openAsks) {
    const list = asksOf.get(a.initiativeId);
    if (list) list.push(a);
    else asksOf.set(a.initiativeId, [a]);
  }
  return {
    defaultTz: facts.defaultTz,
    away: facts.away,
    awayPeople: new Set(facts.away.map((p) => p.personId)),
    asksOf,
  };
}

/** The sponsors' periods away, in the stored order (as `insights` reads them). */
export function awayOf(sponsorIds: Set<number>, facts: IndexedSponsorFacts): AwayPeriod[] {
  let any = false;
  for (const id of sponsorIds) any ||= facts.awayPeople.has(id);
  if (!any) return [];
  return facts.away.filter((p) => sponsorIds.has(p.personId)).map((p) => ({ from: p.from, until: p.until }));
}

/** The last day of a current absence (the period's end is the start of the day back). */
export function awayUntilOf(away: AwayPeriod[], now: Date): Date | undefined {
  const absence = currentAbsence(away, now);
  return absence ? new Date(absence.until.getTime() - 1) : undefined;
}

export interface EngagementContext {
  now: Date;
  settings: EngagementSettings;
  workspaceTz: string | null;
  /** Absent: the bare loader's reading. */
  sponsorFacts?: IndexedSponsorFacts;
}

export function digestEngagement(
  initiative: InitiativeFact,
  roles: RoleFact[],
  checkins: CheckinRowFact[],
  lastAnswer: Date | undefined,
  ctx: EngagementContext,
  away: AwayPeriod[] = [],
): DigestEngagement {
  // Plain loops: this runs for every initiative, in a process that has not warmed up yet.
  const sponsorIds = new Set<number>();
  let first: RoleFact | undefined;
  let since = Number.POSITIVE_INFINITY;
  for (const r of roles) {
    if (r.role !== "sponsor") continue;
    first ??= r;
    sponsorIds.add(r.personId);
    since = Math.min(since, r.since.getTime());
  }
  const facts = ctx.sponsorFacts;
  const own: CheckinFact[] = [];
  // `insights` reads 26 weeks and no further: an answer older than that is not "the last answer" there.
  if (lastAnswer && !facts) own.push({ dueAt: lastAnswer, status: "answered", answeredAt: lastAnswer });
  let sorted = true;
  for (const c of checkins) {
    if (!sponsorIds.has(c.sponsorPersonId)) continue;
    const fact = c.delegated === undefined ? toFact(c) : c;
    const previous = own[own.length - 1];
    if (previous && previous.dueAt.getTime() > fact.dueAt.getTime()) sorted = false;
    own.push(fact);
  }
  if (!sorted) own.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const sponsorSince = first ? since : initiative.createdAt.getTime();
  const asks = facts?.asksOf.get(initiative.id)?.filter((a) => sponsorIds.has(a.sponsorPersonId));
  const { state, reasons } = currentEngagement(
    {
      hasSponsor: first !== undefined,
      sponsorSince: new Date(sponsorSince),
      cadenceDays: daysOf(initiative.cadence),
      checkins: settledHistory(own, sponsorSince, ctx.now.getTime()),
      tz: first?.tz ?? ctx.workspaceTz ?? facts?.defaultTz ?? "UTC",
      ...(facts ? { away, asksOverdue: overdueAsks(asks ?? [], ctx.now, ctx.settings) } : {}),
    },
    ctx.now,
    ctx.settings,
  );
  return { state, reasons };
}
