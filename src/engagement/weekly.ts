/**
 * A portfolio's engagement week by week: the dashboard's heatmap (initiatives x weeks) and the
 * digest's 8-week chart (how many initiatives were in each state at the end of each week) read the
 * same grid, built by src/digest/portfolio-weeks.ts from the digest's facts.
 */
import { DateTime } from "luxon";
import type { Stage } from "../domain/stages.js";
import type { InitiativeStatus } from "../domain/types.js";
import { ENGAGEMENT_STATES, type Engagement, type EngagementState } from "./model.js";

/** A calendar week (Monday to Monday in the workspace's zone); the current one ends now. */
export interface WeekColumn {
  start: Date;
  end: Date;
  /** Its Monday, like "24 Nov". */
  label: string;
}

export interface Person {
  personId: number;
  name: string;
}

export interface InitiativeWeeks {
  id: number;
  slug: string;
  name: string;
  stage: Stage;
  status: Exclude<InitiativeStatus, "closed">;
  /** The first current sponsor and lead (most have one of each). */
  sponsor: Person | null;
  lead: Person | null;
  /**
   * The state at the end of each week, oldest first; null where it cannot be told: before the
   * initiative existed or before its current sponsor was named.
   */
  states: (EngagementState | null)[];
  /** Now: state, reasons and signals. */
  current: Omit<Engagement, "episodeStart">;
}

export interface PortfolioWeeks {
  weeks: WeekColumn[];
  /** Open initiatives (active and paused), in name order. */
  initiatives: InitiativeWeeks[];
}

export interface WeekCounts {
  label: string;
  end: Date;
  /** Initiatives in each state at the week's end (those not yet known are left out). */
  counts: Record<EngagementState, number>;
}

/** The last `count` calendar weeks up to `now`, oldest first, in `zone` (a zone luxon cannot read: UTC). */
export function weekColumns(now: Date, count: number, zone: string): WeekColumn[] {
  let at = DateTime.fromJSDate(now, { zone });
  if (!at.isValid) at = DateTime.fromJSDate(now, { zone: "UTC" });
  const current = at.startOf("week");
  const columns: WeekColumn[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const start = current.minus({ weeks: k });
    const end = k === 0 ? now : start.plus({ weeks: 1 }).toJSDate();
    columns.push({ start: start.toJSDate(), end, label: start.toFormat("d LLL") });
  }
  return columns;
}

/** No initiative in any state. */
export function emptyCounts(): Record<EngagementState, number> {
  return Object.fromEntries(ENGAGEMENT_STATES.map((s) => [s, 0])) as Record<EngagementState, number>;
}

/** Per week, how many initiatives were in each state. */
export function weekCounts(portfolio: PortfolioWeeks): WeekCounts[] {
  return portfolio.weeks.map((week, w) => {
    const counts = emptyCounts();
    for (const i of portfolio.initiatives) {
      const state = i.states[w];
      if (state) counts[state]++;
    }
    return { label: week.label, end: week.end, counts };
  });
}
