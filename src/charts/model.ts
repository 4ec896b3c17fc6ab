/**
 * Charts the core builds from its data, and the one palette every renderer (SVG, PNG, shell)
 * colours them with. The chart types live in `src/core/chart.ts` so messages can carry them.
 */
import type { Chart, ChartSeries, ChartTone } from "../core/chart.js";
import { ENGAGEMENT_STATES, type EngagementState } from "../engagement/model.js";
import type { WeekCounts } from "../engagement/weekly.js";

export type { Chart, ChartSeries, ChartTone, WeekCounts };

// Fails to compile if the engagement model gains a state the chart tones do not name.
const _everyStateIsATone: readonly ChartTone[] = ENGAGEMENT_STATES;
void _everyStateIsATone;

/**
 * Okabe–Ito colours, chosen to stay apart under the common colour-vision deficiencies: blue for
 * engaged and orange → vermillion → purple as it worsens, grey for no sponsor. Every rendering
 * also names each series (legend, text), so colour is never the only carrier.
 */
export const PALETTE: Record<ChartTone, string> = {
  engaged: "#0072B2",
  cooling: "#E69F00",
  lapsing: "#D55E00",
  lapsed: "#CC79A7",
  unsponsored: "#999999",
  neutral: "#56B4E9",
  accent: "#009E73",
};

/** Axis lines, grid and labels. */
export const INK = { axis: "#444444", grid: "#DDDDDD", text: "#222222", background: "#FFFFFF" };

const STATE_NAMES: Record<EngagementState, string> = {
  engaged: "Engaged",
  cooling: "Cooling",
  lapsing: "Lapsing",
  lapsed: "Lapsed",
  unsponsored: "Unsponsored",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function totalOf(week: WeekCounts): number {
  return ENGAGEMENT_STATES.reduce((sum, state) => sum + week.counts[state], 0);
}

/** The portfolio's engagement per week (oldest first): one stacked bar per week, one series per state. */
export function engagementChart(weeks: WeekCounts[]): Chart {
  return {
    kind: "stacked-bars",
    title: `Sponsor engagement, last ${plural(weeks.length, "week")}`,
    categories: weeks.map((w) => w.label),
    series: ENGAGEMENT_STATES.map((state) => ({
      name: STATE_NAMES[state],
      tone: state,
      values: weeks.map((w) => w.counts[state]),
    })),
    unit: "",
    summary: engagementSummary(weeks),
  };
}

function engagementSummary(weeks: WeekCounts[]): string {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return "No engagement history yet.";
  const total = totalOf(last);
  const lapsed = last.counts.lapsed;
  const lapsedNow = lapsed > 0 ? `; ${lapsed} lapsed now` : "; none lapsed";
  if (weeks.length === 1) {
    return `${last.counts.engaged} of ${plural(total, "initiative")} engaged this week${lapsedNow}.`;
  }
  const from = first.counts.engaged;
  const to = last.counts.engaged;
  const move = from === to ? `stayed at ${to}` : `went from ${from} to ${to}`;
  return `Engaged initiatives ${move} of ${total} over ${weeks.length} weeks${lapsedNow}.`;
}
