import type { Engagement, EngagementInput, EngagementState } from "./model.js";
import { stateRank } from "./model.js";
import {
  buildContext,
  type Context,
  day,
  lapsedSilenceMs,
  lapsingSilenceMs,
  type Signal,
  signalsAt,
  signalsReplay,
  silenceCrossing,
} from "./signals.js";
import { DEFAULT_ENGAGEMENT_SETTINGS, type EngagementSettings } from "./thresholds.js";

export type {
  AwayPeriod,
  CheckinFact,
  Engagement,
  EngagementInput,
  EngagementState,
  OverdueAsks,
  SignalKind,
} from "./model.js";

function stateOf(signals: Signal[]): EngagementState {
  let state: EngagementState = "engaged";
  for (const s of signals) if (stateRank(s.state) > stateRank(state)) state = s.state;
  return state;
}

/** Every instant at which the state can change: between two of them it is constant. */
function changeTimes(ctx: Context): number[] {
  const times = new Set<number>([ctx.sponsorSince]);
  const bases = [ctx.sponsorSince];
  for (const o of ctx.outcomes) {
    times.add(o.knownAt);
    if (o.kind === "answered") bases.push(o.knownAt);
  }
  for (const base of bases) {
    times.add(silenceCrossing(ctx, base, lapsingSilenceMs(ctx)));
    times.add(silenceCrossing(ctx, base, lapsedSilenceMs(ctx)));
  }
  for (const p of ctx.away) {
    times.add(p.from);
    times.add(p.until);
  }
  if (ctx.asksOverdueSince !== null) times.add(ctx.asksOverdueSince);
  return [...times].filter((t) => t <= ctx.now).sort((a, b) => a - b);
}

/**
 * Replays the history backwards from now: the episode started at the earliest change time from which
 * the state has been negative without a break. Stable while the run lasts, new after a recovery.
 */
function episodeStart(ctx: Context): Date | null {
  const times = changeTimes(ctx);
  let start: number | null = null;
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i] as number;
    if (stateOf(signalsAt(ctx, t)) === "engaged") break;
    start = t;
  }
  return start === null ? null : new Date(start);
}

/** State, reasons and signals as of `now`: everything but the episode start. */
function current(ctx: Context, input: EngagementInput): Omit<Engagement, "episodeStart"> {
  if (!input.hasSponsor) {
    return {
      state: "unsponsored",
      reasons: [`no sponsor assigned since ${day(ctx, input.sponsorSince)}`],
      signals: ["no_sponsor"],
    };
  }
  const signals = signalsAt(ctx, ctx.now);
  const state = stateOf(signals);
  if (state === "engaged") return { state, reasons: [], signals: [] };
  const ordered = [...signals].sort((a, b) => stateRank(b.state) - stateRank(a.state));
  return { state, reasons: ordered.map((s) => s.reason), signals: ordered.map((s) => s.kind) };
}

/**
 * {@link deriveEngagement} without the episode start, which replays the history at every change time:
 * for readers that show the state and its reasons only (the weekly digest, over thousands of initiatives).
 */
export function currentEngagement(
  input: EngagementInput,
  now: Date,
  settings: EngagementSettings = DEFAULT_ENGAGEMENT_SETTINGS,
): Omit<Engagement, "episodeStart"> {
  return current(buildContext(input, now, settings), input);
}

/**
 * Derives an initiative's engagement state from its sponsor's check-in history, as of `now`
 * (DESIGN.md "Engagement model"). Pure: the same facts and instant always give the same answer.
 */
export function deriveEngagement(
  input: EngagementInput,
  now: Date,
  settings: EngagementSettings = DEFAULT_ENGAGEMENT_SETTINGS,
): Engagement {
  const ctx = buildContext(input, now, settings);
  const { state, reasons, signals } = current(ctx, input);
  if (!input.hasSponsor) return { state, reasons, episodeStart: input.sponsorSince, signals };
  if (state === "engaged") return { state, reasons, episodeStart: null, signals };
  return { state, reasons, episodeStart: episodeStart(ctx) ?? now, signals };
}

/** The state at each of `times`, replayed in time order (the signals at instants that never go back). */
function replayStates(ctx: Context, times: readonly number[]): EngagementState[] {
  const states: EngagementState[] = new Array(times.length);
  const order = times.map((_, k) => k);
  order.sort((a, b) => (times[a] as number) - (times[b] as number));
  const at = signalsReplay({ ...ctx, undated: true });
  for (const k of order) states[k] = stateOf(at(Math.min(times[k] as number, ctx.now)));
  return states;
}

/**
 * The state at each of `times` (none after `now`), each from what was known then: one context
 * replayed at every instant instead of a derivation per instant (the dashboard's heatmap asks 26 of
 * them for thousands of initiatives). The input's sponsors stand for the whole history: who sponsored
 * before them is not replayed.
 */
export function statesAt(
  input: EngagementInput,
  now: Date,
  times: readonly number[],
  settings: EngagementSettings = DEFAULT_ENGAGEMENT_SETTINGS,
): EngagementState[] {
  if (!input.hasSponsor) return times.map(() => "unsponsored");
  return replayStates(buildContext(input, now, settings), times);
}

/** {@link statesAt} and {@link currentEngagement} together, from one context (the portfolio's weeks). */
export function engagementOverTime(
  input: EngagementInput,
  now: Date,
  times: readonly number[],
  settings: EngagementSettings = DEFAULT_ENGAGEMENT_SETTINGS,
): { states: EngagementState[]; current: Omit<Engagement, "episodeStart"> } {
  const ctx = buildContext(input, now, settings);
  const states = input.hasSponsor
    ? replayStates(ctx, times)
    : times.map((): EngagementState => "unsponsored");
  return { states, current: current(ctx, input) };
}
