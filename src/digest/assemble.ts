/**
 * Turns the facts read by load.ts into the builder's `DigestInput`: engagement derived per initiative with
 * the engagement model, events of the period picked out, previous snapshots summed.
 */
import { DAY } from "../core/clock.js";
import {
  awayOf,
  awayUntilOf,
  ENGAGEMENT_HISTORY_MS,
  engagementInput,
  type IndexedSponsorWeeks,
  indexSponsorWeeks,
  type Sponsorship,
} from "../engagement/facts.js";
import { currentEngagement } from "../engagement/state.js";
import { type EngagementSettings, parseEngagementSettings } from "../engagement/thresholds.js";
import { settledHistory } from "./engagement-window.js";
import type { CheckinRowFact, DigestFacts, InitiativeFact, RoleFact } from "./facts.js";
import {
  ATTENTION_STATES,
  type DigestCheckin,
  type DigestEngagement,
  type DigestInitiative,
  type DigestInput,
  type DigestNote,
  type DigestSnapshot,
  DigestSnapshotSchema,
  type DigestStateChange,
} from "./model.js";
import { emptyTrend, type ResponseTrend, tallyCheckin } from "./sections/response.js";
import type { DigestSettingsInput } from "./settings.js";

/** Two 4-week windows for the response-rate and confidence trend. */
export const TREND_HISTORY_MS = 56 * DAY;
/** The engagement look-back of the escalation job (26 weeks), so the digest gives the same reasons. */
export { ENGAGEMENT_HISTORY_MS };
/** How far back the digest reads check-ins. */
export const CHECKIN_HISTORY_MS = Math.max(TREND_HISTORY_MS, ENGAGEMENT_HISTORY_MS);

export interface DigestData extends DigestInput {
  /** The workspace's thresholds and zone, ready for `buildDigest(data, now, data.settings)`. */
  settings: DigestSettingsInput;
}

export function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

interface EngagementContext {
  now: Date;
  settings: EngagementSettings;
  workspaceTz: string | null;
  /** Absent: the reading without the sponsors' weeks (the latest answer ever, for "no answer since"). */
  sponsors?: { weeks: IndexedSponsorWeeks; defaultTz: string };
}

/**
 * An initiative's current sponsors (from its role rows, oldest first) for the engagement builder;
 * `fallbackTz` dates the reasons of a sponsor without a zone.
 */
export function sponsorshipOf(
  initiative: InitiativeFact,
  roles: RoleFact[],
  fallbackTz: string,
): Sponsorship {
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
  return {
    sponsorIds,
    sponsorSince: first ? new Date(since) : null,
    createdAt: initiative.createdAt,
    cadence: initiative.cadence,
    tz: first?.tz ?? fallbackTz,
  };
}

/**
 * Each initiative's engagement for the digest, from the engagement builder. With the sponsors' weeks it
 * is the reading of `/initiative show` and the escalation job (26 weeks, time away and overdue asks);
 * without, the latest answer ever stands in for the older check-ins. Only the settled suffix of the
 * history is replayed (engagement-window.ts): the same state and reasons.
 */
function digestEngagement(
  initiative: InitiativeFact,
  roles: RoleFact[],
  checkins: CheckinRowFact[],
  lastAnswerAt: Date | undefined,
  ctx: EngagementContext,
): DigestEngagement {
  const sponsorship = sponsorshipOf(initiative, roles, ctx.workspaceTz ?? ctx.sponsors?.defaultTz ?? "UTC");
  const weeks = ctx.sponsors?.weeks;
  // `insights` reads 26 weeks and no further: an answer older than that is not "the last answer" there.
  const rows = weeks ? { checkins, weeks } : { checkins, ...(lastAnswerAt ? { lastAnswerAt } : {}) };
  const input = engagementInput(initiative.id, sponsorship, rows, ctx.now, ctx.settings);
  const settled = settledHistory(input.checkins, input.sponsorSince.getTime(), ctx.now.getTime());
  const { state, reasons } = currentEngagement({ ...input, checkins: settled }, ctx.now, ctx.settings);
  return { state, reasons };
}

function sumSnapshots(snapshots: DigestSnapshot[]): DigestSnapshot | null {
  if (snapshots.length === 0) return null;
  const total = DigestSnapshotSchema.parse({ total: 0, byStage: {}, byState: {} });
  for (const s of snapshots) {
    total.total += s.total;
    total.paused += s.paused;
    for (const k of Object.keys(total.byStage) as (keyof typeof total.byStage)[])
      total.byStage[k] += s.byStage[k];
    for (const k of Object.keys(total.byState) as (keyof typeof total.byState)[])
      total.byState[k] += s.byState[k];
  }
  return total;
}

/**
 * The response trend (check-ins of the last 8 weeks, counted) and the notes of the period, in one plain
 * loop: this runs over tens of thousands of rows, and only a handful carry a note.
 */
function trendAndNotes(
  rows: CheckinRowFact[],
  byId: Map<number, InitiativeFact>,
  end: number,
  inPeriod: (d: Date | null) => boolean,
): { checkins: DigestCheckin[]; response: ResponseTrend; notes: DigestNote[] } {
  const response = emptyTrend();
  const notes: DigestNote[] = [];
  for (let k = 0; k < rows.length; k++) {
    const c = rows[k] as CheckinRowFact;
    const i = byId.get(c.initiativeId);
    if (!i) continue;
    if (c.note?.trim() && c.answeredAt && inPeriod(c.answeredAt))
      notes.push({
        slug: i.slug,
        name: i.name,
        by: c.answeredBy ?? "a sponsor",
        text: c.note,
        at: c.answeredAt,
      });
    tallyCheckin(response, end, c.dueAt.getTime(), c.status, c.confidence);
  }
  return { checkins: [], response, notes };
}

export function assembleDigestInput(facts: DigestFacts, period: { now: Date; since: Date }): DigestData {
  const { now, since } = period;
  const inPeriod = (d: Date | null) => d !== null && d >= since && d < now;
  const settings = parseEngagementSettings(facts.workspace.settings);
  const roles = groupBy(facts.roles, (r) => r.initiativeId);
  const checkins = groupBy(facts.checkins, (c) => c.initiativeId);
  const lastAnswers = new Map(facts.lastAnswers.map((a) => [a.initiativeId, a.answeredAt]));
  const byId = new Map(facts.initiatives.map((i) => [i.id, i]));
  const ref = (id: number) => {
    const i = byId.get(id);
    return i ? { slug: i.slug, name: i.name } : undefined;
  };

  const ctx: EngagementContext = {
    now,
    settings,
    workspaceTz: facts.workspace.tz,
    ...(facts.sponsors
      ? { sponsors: { weeks: indexSponsorWeeks(facts.sponsors), defaultTz: facts.sponsors.defaultTz } }
      : {}),
  };
  const initiatives: DigestInitiative[] = facts.initiatives
    .filter((i) => i.status !== "closed")
    .map((i) => {
      const own = roles.get(i.id) ?? [];
      const sponsorNames: string[] = [];
      const leadNames: string[] = [];
      const sponsorIds = new Set<number>();
      for (const r of own) {
        if (r.role === "lead") leadNames.push(r.name);
        else {
          sponsorNames.push(r.name);
          sponsorIds.add(r.personId);
        }
      }
      const away = ctx.sponsors ? awayOf(sponsorIds, ctx.sponsors.weeks) : [];
      const awayUntil = awayUntilOf(away, now);
      return {
        id: i.id,
        slug: i.slug,
        name: i.name,
        stage: i.stage,
        status: i.status,
        stageEnteredAt: i.stageEnteredAt,
        sponsorNames,
        leadNames,
        engagement: digestEngagement(i, own, checkins.get(i.id) ?? [], lastAnswers.get(i.id), ctx),
        ...(awayUntil ? { awayUntil } : {}),
      };
    });
  const stateOf = new Map(initiatives.map((i) => [i.id, i.engagement.state]));
  // A recovery has always read the loader's own engagement, without time away and asks: kept so the
  // digest says what it said before the one pass (only the few initiatives with a resolved step).
  const recoveryState = (id: number) => {
    const i = byId.get(id);
    if (!ctx.sponsors || !i || !stateOf.has(id)) return stateOf.get(id);
    const plain = { now, settings, workspaceTz: facts.workspace.tz };
    return digestEngagement(i, roles.get(id) ?? [], checkins.get(id) ?? [], lastAnswers.get(id), plain).state;
  };

  // Lapses: the latest attention-level step escalated this period. Recoveries: a closed episode
  // whose initiative is engaged again now.
  const attention = (level: string) => (ATTENTION_STATES as readonly string[]).includes(level);
  const lapses = new Map<number, DigestStateChange>();
  const recoveries = new Map<number, DigestStateChange>();
  for (const e of facts.escalations) {
    const r = ref(e.initiativeId);
    if (!r || !attention(e.level)) continue;
    const seen = lapses.get(e.initiativeId);
    if (inPeriod(e.createdAt) && (!seen || seen.at < e.createdAt)) {
      lapses.set(e.initiativeId, { ...r, kind: "lapse", state: e.level, at: e.createdAt });
    }
    if (!inPeriod(e.resolvedAt) || !e.resolvedAt) continue;
    const current = recoveryState(e.initiativeId);
    if (current === "engaged" || current === "cooling") {
      recoveries.set(e.initiativeId, { ...r, kind: "recovery", state: current, at: e.resolvedAt });
    }
  }

  return {
    workspaceName: facts.workspace.name ?? "",
    periodStart: since,
    periodEnd: now,
    initiatives,
    events: {
      stageMoves: facts.stageMoves.flatMap((m) => {
        const r = ref(m.initiativeId);
        return r && inPeriod(m.at)
          ? [{ ...r, from: m.from, to: m.to, by: m.by, note: m.note, forcedReason: m.forcedReason, at: m.at }]
          : [];
      }),
      stateChanges: [...lapses.values(), ...recoveries.values()],
      added: facts.initiatives
        .filter((i) => inPeriod(i.createdAt))
        .map((i) => ({
          slug: i.slug,
          name: i.name,
          at: i.createdAt,
          stage: facts.stageMoves.find((m) => m.initiativeId === i.id && m.from === null)?.to ?? i.stage,
        })),
      closed: facts.initiatives
        .filter((i) => i.status === "closed" && inPeriod(i.updatedAt))
        .map((i) => ({ slug: i.slug, name: i.name, at: i.updatedAt, reason: i.statusReason })),
    },
    openEscalations: facts.escalations.flatMap((e) => {
      const r = ref(e.initiativeId);
      return r && e.resolvedAt === null
        ? [{ ...r, level: e.level, createdAt: e.createdAt, ackedAt: e.ackedAt, snoozedUntil: e.snoozedUntil }]
        : [];
    }),
    ...trendAndNotes(facts.checkins, byId, now.getTime(), inPeriod),
    previousSnapshot: sumSnapshots(facts.previousSnapshots),
    settings: { stageThresholdsDays: settings.stageThresholdsDays, timeZone: facts.workspace.tz ?? "UTC" },
  };
}
