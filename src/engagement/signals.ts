import { DateTime } from "luxon";
import { DAY } from "../core/clock.js";
import type { CheckinFact, EngagementInput, EngagementState, SignalKind } from "./model.js";
import type { EngagementSettings } from "./thresholds.js";

/** A check-in reduced to what is known when: its answer, or its miss once the window has closed. */
interface Outcome {
  dueAt: number;
  kind: "answered" | "missed";
  knownAt: number;
  fact: CheckinFact;
}

export interface Signal {
  kind: SignalKind;
  state: Exclude<EngagementState, "engaged" | "unsponsored">;
  reason: string;
}

/** Everything derived once from the input; `signalsAt` then replays it at any instant. */
export interface Context {
  input: EngagementInput;
  settings: EngagementSettings;
  now: number;
  sponsorSince: number;
  outcomes: Outcome[];
  away: { from: number; until: number }[];
  asksOverdueSince: number | null;
}

export function buildContext(input: EngagementInput, now: Date, settings: EngagementSettings): Context {
  const sponsorSince = input.sponsorSince.getTime();
  const windowMs = settings.responseWindowDays * DAY;
  const relevant = input.checkins
    .filter((c) => c.status !== "cancelled" && c.dueAt.getTime() >= sponsorSince)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const all: Outcome[] = relevant.flatMap((fact): Outcome[] => {
    const dueAt = fact.dueAt.getTime();
    if (fact.status === "answered") {
      return [{ dueAt, kind: "answered", knownAt: (fact.answeredAt ?? fact.dueAt).getTime(), fact }];
    }
    if (fact.status === "missed") return [{ dueAt, kind: "missed", knownAt: dueAt + windowMs, fact }];
    return [];
  });
  const periods = (input.away ?? []).map((p) => ({ from: p.from.getTime(), until: p.until.getTime() }));
  if (input.awayUntil) {
    // Start unknown: excuse the silence since the last answer known now.
    const answers = all.filter((o) => o.kind === "answered" && o.knownAt <= now.getTime());
    const from = Math.max(sponsorSince, ...answers.map((o) => o.knownAt));
    periods.push({ from, until: input.awayUntil.getTime() });
  }
  const away = mergePeriods(periods);
  const outcomes = all.filter((o) => o.kind === "answered" || !away.some((p) => inside(o.dueAt, p)));
  const asks = input.asksOverdue;
  const asksOverdueSince =
    asks && asks.count > 0 ? (asks.oldestDueAt?.getTime() ?? now.getTime() - asks.oldestDays * DAY) : null;
  return { input, settings, now: now.getTime(), sponsorSince, outcomes, away, asksOverdueSince };
}

function inside(t: number, p: { from: number; until: number }): boolean {
  return t >= p.from && t < p.until;
}

function mergePeriods(periods: { from: number; until: number }[]): { from: number; until: number }[] {
  const sorted = periods.filter((p) => p.until > p.from).sort((a, b) => a.from - b.from);
  const merged: { from: number; until: number }[] = [];
  for (const p of sorted) {
    const last = merged[merged.length - 1];
    if (last && p.from <= last.until) last.until = Math.max(last.until, p.until);
    else merged.push({ ...p });
  }
  return merged;
}

function awayOverlap(ctx: Context, from: number, to: number): number {
  return ctx.away.reduce((sum, p) => sum + Math.max(0, Math.min(p.until, to) - Math.max(p.from, from)), 0);
}

/** The instant `need` ms of silence (not counting time away) have passed since `base`. */
export function silenceCrossing(ctx: Context, base: number, need: number): number {
  let t = base;
  let remaining = need;
  for (const p of ctx.away) {
    if (p.until <= t) continue;
    const start = Math.max(p.from, t);
    if (start - t >= remaining) return t + remaining;
    remaining -= start - t;
    t = p.until;
  }
  return t + remaining;
}

export function lapsingSilenceMs(ctx: Context): number {
  const s = ctx.settings;
  return (s.lapsingMisses * ctx.input.cadenceDays + s.responseWindowDays) * DAY;
}

export function lapsedSilenceMs(ctx: Context): number {
  return ctx.settings.lapsedAfterDays * DAY;
}

export function day(ctx: Context, t: number | Date): string {
  return (
    DateTime.fromMillis(typeof t === "number" ? t : t.getTime(), {
      zone: ctx.input.tz ?? "UTC",
    }).toISODate() ?? ""
  );
}

function duration(ms: number): string {
  const days = Math.floor(ms / DAY);
  if (days >= 14) return `${Math.floor(days / 7)} weeks`;
  return days === 1 ? "1 day" : `${days} days`;
}

function listDates(dates: string[]): string {
  if (dates.length <= 2) return dates.join(" and ");
  return `${dates.slice(0, -1).join(", ")} and ${dates[dates.length - 1]}`;
}

/** The negative signals in force at instant `t`, using only what was known at `t`. */
export function signalsAt(ctx: Context, t: number): Signal[] {
  const s = ctx.settings;
  const known = ctx.outcomes.filter((o) => o.knownAt <= t);
  const answers = known.filter((o) => o.kind === "answered").sort((a, b) => a.knownAt - b.knownAt);
  const latest = answers[answers.length - 1];
  const signals: Signal[] = [];

  if (latest?.fact.choice === "handover") {
    signals.push({
      kind: "handover",
      state: "lapsed",
      reason: `asked on ${day(ctx, latest.knownAt)} to hand over sponsorship; no new sponsor since`,
    });
  }

  const base = latest?.knownAt ?? ctx.sponsorSince;
  const silent = t - base - awayOverlap(ctx, base, t);
  if (silent >= lapsingSilenceMs(ctx)) {
    const since = latest
      ? `no answer since ${day(ctx, base)}`
      : `no answer since becoming sponsor on ${day(ctx, base)}`;
    const excused = awayOverlap(ctx, base, t) > 0 ? ", not counting time away" : "";
    const lapsed = silent >= lapsedSilenceMs(ctx);
    signals.push({
      kind: lapsed ? "silence_lapsed" : "silence_lapsing",
      state: lapsed ? "lapsed" : "lapsing",
      reason: `${since} (${duration(silent)}${excused})`,
    });
  }

  const byDue = [...known].sort((a, b) => a.dueAt - b.dueAt);
  const misses: Outcome[] = [];
  for (let i = byDue.length - 1; i >= 0 && byDue[i]?.kind === "missed"; i--)
    misses.unshift(byDue[i] as Outcome);
  if (misses.length > 0) {
    const dates = misses.map((m) => day(ctx, m.dueAt));
    const run = misses.length >= s.lapsingMisses;
    signals.push({
      kind: run ? "missed_run" : "missed",
      state: run ? "lapsing" : "cooling",
      reason:
        misses.length === 1
          ? `missed the check-in of ${dates[0]}`
          : misses.length <= 3
            ? `missed the check-ins of ${listDates(dates)}`
            : `missed the last ${misses.length} check-ins, from ${dates[0]} to ${dates[dates.length - 1]}`,
    });
  }

  if (latest?.fact.choice === "limited") {
    signals.push({
      kind: "limited_time",
      state: "cooling",
      reason: `said on ${day(ctx, latest.knownAt)} they have limited time`,
    });
  }

  const rated = answers.filter((o) => typeof o.fact.confidence === "number");
  const [prev, last] = rated.slice(-2);
  if (prev && last && (prev.fact.confidence ?? 0) - (last.fact.confidence ?? 0) >= s.coolingConfidenceDrop) {
    signals.push({
      kind: "confidence_drop",
      state: "cooling",
      reason: `confidence fell from ${prev.fact.confidence} to ${last.fact.confidence} on ${day(ctx, last.knownAt)}`,
    });
  }

  let streak = 0;
  while (streak < answers.length && answers[answers.length - 1 - streak]?.fact.delegated) streak++;
  if (streak >= s.delegatedStreak) {
    const personal = answers[answers.length - 1 - streak];
    const who = latest?.fact.answeredBy ?? "a delegate";
    signals.push({
      kind: "delegated_streak",
      state: "cooling",
      reason: `answered by ${who} ${streak} times running; last personal answer ${personal ? day(ctx, personal.knownAt) : "none yet"}`,
    });
  }

  const asks = ctx.input.asksOverdue;
  if (asks && ctx.asksOverdueSince !== null && t >= ctx.asksOverdueSince) {
    signals.push({
      kind: "asks_overdue",
      state: "cooling",
      reason:
        asks.count === 1
          ? `1 ask overdue (${asks.oldestDays} days)`
          : `${asks.count} asks overdue, oldest ${asks.oldestDays} days`,
    });
  }
  return signals;
}
