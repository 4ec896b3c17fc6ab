/**
 * Turns the loader's raw rows into the builder's `DigestInput`: engagement derived per initiative with
 * the engagement model, events of the period picked out, previous snapshots summed.
 */
import { DAY } from "../core/clock.js";
import type { CheckinFact } from "../engagement/model.js";
import { deriveEngagement } from "../engagement/state.js";
import { type EngagementSettings, parseEngagementSettings } from "../engagement/thresholds.js";
import { cadenceDays, parseCadence } from "../schedule/cadence.js";
import type { CheckinRowFact, DigestFacts, InitiativeFact, RoleFact } from "./facts.js";
import {
  ATTENTION_STATES,
  type DigestCheckin,
  type DigestEngagement,
  type DigestInitiative,
  type DigestInput,
  type DigestSnapshot,
  DigestSnapshotSchema,
  type DigestStateChange,
} from "./model.js";
import type { DigestSettingsInput } from "./settings.js";

/** Two 4-week windows for the response-rate and confidence trend. */
export const TREND_HISTORY_MS = 56 * DAY;
/** The engagement look-back of the escalation job (26 weeks), so the digest gives the same reasons. */
export const ENGAGEMENT_HISTORY_MS = 26 * 7 * DAY;
/** How far back the loader reads check-ins. */
export const CHECKIN_HISTORY_MS = Math.max(TREND_HISTORY_MS, ENGAGEMENT_HISTORY_MS);

export interface DigestData extends DigestInput {
  /** The workspace's thresholds and zone, ready for `buildDigest(data, now, data.settings)`. */
  settings: DigestSettingsInput;
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
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

function toFact(c: CheckinRowFact): CheckinFact {
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

function engagementOf(
  initiative: InitiativeFact,
  roles: RoleFact[],
  checkins: CheckinRowFact[],
  lastAnswer: Date | undefined,
  now: Date,
  facts: DigestFacts,
  settings: EngagementSettings,
): DigestEngagement {
  const sponsors = roles.filter((r) => r.role === "sponsor");
  const sponsorIds = new Set(sponsors.map((s) => s.personId));
  const own = checkins.filter((c) => sponsorIds.has(c.sponsorPersonId)).map(toFact);
  if (lastAnswer) own.unshift({ dueAt: lastAnswer, status: "answered", answeredAt: lastAnswer });
  const since = sponsors.length
    ? new Date(Math.min(...sponsors.map((s) => s.since.getTime())))
    : initiative.createdAt;
  const { state, reasons } = deriveEngagement(
    {
      hasSponsor: sponsors.length > 0,
      sponsorSince: since,
      cadenceDays: daysOf(initiative.cadence),
      checkins: own.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()),
      tz: sponsors[0]?.tz ?? facts.workspace.tz ?? "UTC",
    },
    now,
    settings,
  );
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

/** The trend's check-ins (the last 8 weeks), one plain loop: this runs over tens of thousands of rows. */
function trendOf(rows: CheckinRowFact[], byId: Map<number, InitiativeFact>, from: number): DigestCheckin[] {
  const out: DigestCheckin[] = [];
  for (const c of rows) {
    if (c.dueAt.getTime() < from) continue;
    const i = byId.get(c.initiativeId);
    if (!i) continue;
    out.push({
      slug: i.slug,
      dueAt: c.dueAt,
      status: c.status,
      confidence: c.confidence,
      answeredAt: c.answeredAt,
    });
  }
  return out;
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

  const initiatives: DigestInitiative[] = facts.initiatives
    .filter((i) => i.status !== "closed")
    .map((i) => {
      const own = roles.get(i.id) ?? [];
      return {
        id: i.id,
        slug: i.slug,
        name: i.name,
        stage: i.stage,
        status: i.status,
        stageEnteredAt: i.stageEnteredAt,
        sponsorNames: own.filter((r) => r.role === "sponsor").map((r) => r.name),
        leadNames: own.filter((r) => r.role === "lead").map((r) => r.name),
        engagement: engagementOf(
          i,
          own,
          checkins.get(i.id) ?? [],
          lastAnswers.get(i.id),
          now,
          facts,
          settings,
        ),
      };
    });
  const stateOf = new Map(initiatives.map((i) => [i.id, i.engagement.state]));

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
    const current = stateOf.get(e.initiativeId);
    if (inPeriod(e.resolvedAt) && e.resolvedAt && (current === "engaged" || current === "cooling")) {
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
    checkins: trendOf(facts.checkins, byId, now.getTime() - TREND_HISTORY_MS),
    // The cheap tests first: only a handful of the 40,000 check-ins carry a note from this period.
    notes: facts.checkins.flatMap((c) => {
      const r = c.note?.trim() && inPeriod(c.answeredAt) ? ref(c.initiativeId) : undefined;
      return r && c.note && c.answeredAt
        ? [{ ...r, by: c.answeredBy ?? "a sponsor", text: c.note, at: c.answeredAt }]
        : [];
    }),
    previousSnapshot: sumSnapshots(facts.previousSnapshots),
    settings: { stageThresholdsDays: settings.stageThresholdsDays, timeZone: facts.workspace.tz ?? "UTC" },
  };
}
