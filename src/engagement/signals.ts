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
  /** States only: reasons go undated (formatting dates was most of replaying a history week by week). */
  undated?: boolean;
}

export function buildContext(input: EngagementInput, now: Date, settings: EngagementSettings): Context {
  const sponsorSince = input.sponsorSince.getTime();
  const windowMs = settings.responseWindowDays * DAY;
  // The current sponsor's answers and misses in due order. One plain loop: the portfolio's weeks build
  // a context per initiative, 5,000 a read. Check-ins come oldest first, so the (stable) sort is rare.
  const all: Outcome[] = [];
  let sorted = true;
  for (const fact of input.checkins) {
    const dueAt = fact.dueAt.getTime();
    if (dueAt < sponsorSince) continue;
    let outcome: Outcome;
    if (fact.status === "answered")
      outcome = { dueAt, kind: "answered", knownAt: (fact.answeredAt ?? fact.dueAt).getTime(), fact };
    else if (fact.status === "missed") outcome = { dueAt, kind: "missed", knownAt: dueAt + windowMs, fact };
    else continue;
    const previous = all[all.length - 1];
    if (previous && previous.dueAt > dueAt) sorted = false;
    all.push(outcome);
  }
  if (!sorted) all.sort((a, b) => a.dueAt - b.dueAt);
  const periods = (input.away ?? []).map((p) => ({ from: p.from.getTime(), until: p.until.getTime() }));
  if (input.awayUntil) {
    // Start unknown: excuse the silence since the last answer known now.
    const answers = all.filter((o) => o.kind === "answered" && o.knownAt <= now.getTime());
    const from = Math.max(sponsorSince, ...answers.map((o) => o.knownAt));
    periods.push({ from, until: input.awayUntil.getTime() });
  }
  const away = mergePeriods(periods);
  const outcomes =
    away.length === 0
      ? all
      : all.filter((o) => o.kind === "answered" || !away.some((p) => inside(o.dueAt, p)));
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

/**
 * Six weeks by default, but never before the lapsing step has had a cadence to play out: for a monthly
 * sponsor six weeks of silence is a single miss, and escalating that to the PMO would be noise.
 */
export function lapsedSilenceMs(ctx: Context): number {
  const s = ctx.settings;
  const ladder = (s.lapsingMisses + 1) * ctx.input.cadenceDays + s.responseWindowDays;
  return Math.max(s.lapsedAfterDays, ladder) * DAY;
}

/**
 * Per zone, a formatter of the calendar day: luxon's fromMillis took ~12 µs a call, and the weekly
 * digest dates thousands of reasons. null: a zone Intl does not know (luxon still reads "local", offsets).
 */
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

function dayFormat(zone: string): Intl.DateTimeFormat | null {
  let format = dayFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch {
      format = null;
    }
    dayFormats.set(zone, format);
  }
  return format;
}

export function day(ctx: Context, t: number | Date): string {
  if (ctx.undated) return "";
  const ms = typeof t === "number" ? t : t.getTime();
  const zone = ctx.input.tz ?? "UTC";
  const format = dayFormat(zone);
  if (format) {
    let y = "";
    let m = "";
    let d = "";
    for (const part of format.formatToParts(ms)) {
      if (part.type === "year") y = part.value;
      else if (part.type === "month") m = part.value;
      else if (part.type === "day") d = part.value;
    }
    // Four-digit years only (ISO's other forms are luxon's business).
    if (y.length === 4) return `${y}-${m}-${d}`;
  }
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? "";
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

/**
 * What was known at an instant: the outcomes known by then in due order, and their answers in the
 * order they became known (ties in due order). The signal rules read nothing else of the history.
 */
interface Known {
  known: readonly Outcome[];
  answers: readonly Outcome[];
}

/** The negative signals in force at instant `t`, using only what was known at `t`. */
export function signalsAt(ctx: Context, t: number): Signal[] {
  const known = ctx.outcomes.filter((o) => o.knownAt <= t);
  const answers = known.filter((o) => o.kind === "answered").sort((a, b) => a.knownAt - b.knownAt);
  return signalsOf(ctx, { known, answers }, t);
}

/**
 * {@link signalsAt} at instants that never go back, each step adding what became known since the last
 * instead of filtering and sorting the whole history again: a replay over weeks (state.ts `statesAt`)
 * is one pass over the outcomes, in the order they became known.
 */
export function signalsReplay(ctx: Context): (t: number) => Signal[] {
  // Stable: outcomes known at the same instant stay in due order, as signalsAt's sort leaves them.
  const { outcomes } = ctx;
  const order = outcomes.map((_, k) => k);
  order.sort((a, b) => (outcomes[a] as Outcome).knownAt - (outcomes[b] as Outcome).knownAt);
  const known: Outcome[] = [];
  const positions: number[] = [];
  const answers: Outcome[] = [];
  let next = 0;
  let last = Number.NEGATIVE_INFINITY;
  return (t) => {
    if (t < last) throw new Error("signalsReplay: instants must not go back");
    last = t;
    for (; next < order.length; next++) {
      const index = order[next] as number;
      const o = outcomes[index] as Outcome;
      if (o.knownAt > t) break;
      // Into due order (the outcomes' own): almost always at the end.
      let at = positions.length;
      while (at > 0 && (positions[at - 1] as number) > index) at--;
      if (at === known.length) {
        positions.push(index);
        known.push(o);
      } else {
        positions.splice(at, 0, index);
        known.splice(at, 0, o);
      }
      if (o.kind === "answered") answers.push(o);
    }
    return signalsOf(ctx, { known, answers }, t);
  };
}

/** The rules, once: every reader of signals (one instant or a replay) comes through here. */
function signalsOf(ctx: Context, { known, answers }: Known, t: number): Signal[] {
  return [
    handover(ctx, answers),
    silence(ctx, answers, t),
    misses(ctx, known),
    limitedTime(ctx, answers),
    confidenceDrop(ctx, answers),
    delegatedStreak(ctx, answers),
    asksOverdue(ctx, t),
  ].filter((signal): signal is Signal => signal !== null);
}

function handover(ctx: Context, answers: readonly Outcome[]): Signal | null {
  const latest = answers[answers.length - 1];
  if (latest?.fact.choice !== "handover") return null;
  const reason = `asked on ${day(ctx, latest.knownAt)} to hand over sponsorship; no new sponsor since`;
  return { kind: "handover", state: "lapsed", reason };
}

function silence(ctx: Context, answers: readonly Outcome[], t: number): Signal | null {
  const latest = answers[answers.length - 1];
  const base = latest?.knownAt ?? ctx.sponsorSince;
  const excused = awayOverlap(ctx, base, t);
  const silent = t - base - excused;
  if (silent < lapsingSilenceMs(ctx)) return null;
  const since = latest
    ? `no answer since ${day(ctx, base)}`
    : `no answer since becoming sponsor on ${day(ctx, base)}`;
  const reason = `${since} (${duration(silent)}${excused > 0 ? ", not counting time away" : ""})`;
  return silent >= lapsedSilenceMs(ctx)
    ? { kind: "silence_lapsed", state: "lapsed", reason }
    : { kind: "silence_lapsing", state: "lapsing", reason };
}

/** `known` is in due order (the context's outcomes' order: buildContext sorts them by due). */
function misses(ctx: Context, known: readonly Outcome[]): Signal | null {
  let first = known.length;
  while (first > 0 && known[first - 1]?.kind === "missed") first--;
  const dates: string[] = [];
  for (let k = first; k < known.length; k++) dates.push(day(ctx, (known[k] as Outcome).dueAt));
  if (dates.length === 0) return null;
  const reason =
    dates.length === 1
      ? `missed the check-in of ${dates[0]}`
      : dates.length <= 3
        ? `missed the check-ins of ${listDates(dates)}`
        : `missed the last ${dates.length} check-ins, from ${dates[0]} to ${dates[dates.length - 1]}`;
  return dates.length >= ctx.settings.lapsingMisses
    ? { kind: "missed_run", state: "lapsing", reason }
    : { kind: "missed", state: "cooling", reason };
}

function limitedTime(ctx: Context, answers: readonly Outcome[]): Signal | null {
  const latest = answers[answers.length - 1];
  if (latest?.fact.choice !== "limited") return null;
  return {
    kind: "limited_time",
    state: "cooling",
    reason: `said on ${day(ctx, latest.knownAt)} they have limited time`,
  };
}

function confidenceDrop(ctx: Context, answers: readonly Outcome[]): Signal | null {
  // The last two answers with a confidence, found from the end (a replay asks at every week).
  let last: Outcome | undefined;
  let prev: Outcome | undefined;
  for (let k = answers.length - 1; k >= 0 && !prev; k--) {
    const o = answers[k] as Outcome;
    if (typeof o.fact.confidence !== "number") continue;
    if (last) prev = o;
    else last = o;
  }
  const from = prev?.fact.confidence ?? 0;
  const to = last?.fact.confidence ?? 0;
  if (!prev || !last || from - to < ctx.settings.coolingConfidenceDrop) return null;
  const reason = `confidence fell from ${from} to ${to} on ${day(ctx, last.knownAt)}`;
  return { kind: "confidence_drop", state: "cooling", reason };
}

function delegatedStreak(ctx: Context, answers: readonly Outcome[]): Signal | null {
  let streak = 0;
  while (streak < answers.length && answers[answers.length - 1 - streak]?.fact.delegated) streak++;
  if (streak < ctx.settings.delegatedStreak) return null;
  const personal = answers[answers.length - 1 - streak];
  const who = answers[answers.length - 1]?.fact.answeredBy ?? "a delegate";
  const last = personal ? day(ctx, personal.knownAt) : "none yet";
  const reason = `answered by ${who} ${streak} times running; last personal answer ${last}`;
  return { kind: "delegated_streak", state: "cooling", reason };
}

function asksOverdue(ctx: Context, t: number): Signal | null {
  const asks = ctx.input.asksOverdue;
  if (!asks || ctx.asksOverdueSince === null || t < ctx.asksOverdueSince) return null;
  const reason =
    asks.count === 1
      ? `1 ask overdue (${asks.oldestDays} days)`
      : `${asks.count} asks overdue, oldest ${asks.oldestDays} days`;
  return { kind: "asks_overdue", state: "cooling", reason };
}
