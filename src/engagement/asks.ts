import { DAY } from "../core/clock.js";
import type { OverdueAsks } from "./model.js";
import type { EngagementSettings } from "./thresholds.js";

export interface OpenAsk {
  createdAt: Date;
  /** The `--by` date; without it the ask is due `askDueDays` after it was made. */
  dueAt?: Date | null;
}

export function askDueAt(ask: OpenAsk, settings: Pick<EngagementSettings, "askDueDays">): Date {
  return ask.dueAt ?? new Date(ask.createdAt.getTime() + settings.askDueDays * DAY);
}

/**
 * The overdue part of a sponsor's open asks for the engagement input: how many, how old the oldest is
 * (days since it was made), and when it became overdue (a stable episode key). Null when none is overdue.
 */
export function overdueAsks(
  asks: OpenAsk[],
  now: Date,
  settings: Pick<EngagementSettings, "askDueDays">,
): OverdueAsks | null {
  const overdue = asks.filter((a) => askDueAt(a, settings).getTime() < now.getTime());
  if (overdue.length === 0) return null;
  const oldest = overdue.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
  const oldestDueAt = new Date(Math.min(...overdue.map((a) => askDueAt(a, settings).getTime())));
  return {
    count: overdue.length,
    oldestDays: Math.floor((now.getTime() - oldest.createdAt.getTime()) / DAY),
    oldestDueAt,
  };
}
