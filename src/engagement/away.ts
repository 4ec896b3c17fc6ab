import { DateTime } from "luxon";
import { DAY } from "../core/clock.js";
import type { Message } from "../core/message.js";
import type { AwayPeriod } from "./model.js";
import type { EngagementSettings } from "./thresholds.js";

/**
 * Periods are half-open: `until` is the instant the sponsor is back (for `/pulse away <from> <to>`, the
 * start of the day after `<to>` in their zone). The period covering `now`, if the sponsor is away.
 */
export function currentAbsence(periods: AwayPeriod[], now: Date): AwayPeriod | null {
  const t = now.getTime();
  return periods.find((p) => p.from.getTime() <= t && t < p.until.getTime()) ?? null;
}

/** Longer than the workspace limit: a sponsor gone for weeks is news for the PMO and lead. */
export function isLongAbsence(
  period: AwayPeriod,
  settings: Pick<EngagementSettings, "awayLimitDays">,
): boolean {
  return period.until.getTime() - period.from.getTime() > settings.awayLimitDays * DAY;
}

/** "10 days", "6 weeks": whole weeks from two weeks on. */
export function absenceLength(period: AwayPeriod): string {
  const days = Math.round((period.until.getTime() - period.from.getTime()) / DAY);
  if (days >= 14) return `${Math.round(days / 7)} weeks`;
  return days === 1 ? "1 day" : `${days} days`;
}

/** "away until 2026-12-01" (the last day away, in the sponsor's zone), for show, list and the digest. */
export function awayLabel(period: AwayPeriod, tz = "UTC"): string {
  // `until` is exclusive (the start of the day back), so the last day away is the day before.
  const lastDay = DateTime.fromJSDate(new Date(period.until.getTime() - 1), { zone: tz }).toISODate();
  return `away until ${lastDay}`;
}

/** The one-time notice to the PMO and lead about a long absence. */
export function longAbsenceMessage(opts: {
  sponsorName: string;
  period: AwayPeriod;
  initiatives: { name: string; slug: string }[];
  tz?: string;
}): Message {
  const { sponsorName, period } = opts;
  const length = absenceLength(period);
  const from = DateTime.fromJSDate(period.from, { zone: opts.tz ?? "UTC" }).toISODate();
  return {
    title: "Sponsor away",
    summary: `${sponsorName} is away for ${length}: name an interim sponsor?`,
    tone: "warning",
    sections: [
      {
        text: `${sponsorName} is away from ${from} (${awayLabel(period, opts.tz)}). Their check-ins pause meanwhile, so nobody will notice if decisions stall.`,
        lines: opts.initiatives.map((i) => `${i.name} (${i.slug})`),
      },
      { heading: "Suggested next step", text: "Name an interim sponsor for the initiatives above." },
    ],
  };
}
