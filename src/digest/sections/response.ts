/** Sponsor response rate (last 4 weeks vs the 4 before) and the average confidence trend. */
import { DAY } from "../../core/clock.js";
import { num } from "../format.js";
import type { DigestCheckin, DigestLine } from "../model.js";

const WINDOW = 28 * DAY;

export interface ResponseWindow {
  answered: number;
  missed: number;
  /** Average confidence of the answers that gave one; null when none did. */
  confidence: number | null;
}

const rate = (w: ResponseWindow): number | null =>
  w.answered + w.missed > 0 ? Math.round((100 * w.answered) / (w.answered + w.missed)) : null;

function trend(delta: number, unit: string, digits: number): string {
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return "steady";
  return `${rounded > 0 ? "up" : "down"} ${Math.abs(rounded).toFixed(digits)}${unit}`;
}

/** Check-ins decided in one 4-week window, as plain counts (sums of integers, so any order gives them). */
export interface ResponseCounts {
  answered: number;
  missed: number;
  confidenceSum: number;
  confidenceCount: number;
}

/** The last 4 weeks and the 4 before, counted while the loader's rows are read (no object per check-in). */
export type ResponseTrend = [recent: ResponseCounts, before: ResponseCounts];

export function emptyTrend(): ResponseTrend {
  const counts = () => ({ answered: 0, missed: 0, confidenceSum: 0, confidenceCount: 0 });
  return [counts(), counts()];
}

/**
 * Counts one check-in due at `due` (epoch ms) into the window it falls in before `end`: open and
 * cancelled ones are not decided yet or do not count.
 */
export function tallyCheckin(
  counts: ResponseTrend,
  end: number,
  due: number,
  status: DigestCheckin["status"],
  confidence: number | null,
): void {
  if (due >= end || due < end - 2 * WINDOW) return;
  const w = counts[due >= end - WINDOW ? 0 : 1];
  if (status === "missed") w.missed += 1;
  if (status !== "answered") return;
  w.answered += 1;
  if (confidence != null) {
    w.confidenceSum += confidence;
    w.confidenceCount += 1;
  }
}

/** The trend of a list of check-ins (a hand-built `DigestInput`; the loader counts as it reads). */
export function trendOf(checkins: DigestCheckin[], end: number): ResponseTrend {
  const counts = emptyTrend();
  for (const c of checkins) tallyCheckin(counts, end, c.dueAt.getTime(), c.status, c.confidence);
  return counts;
}

function responseWindows(counts: ResponseTrend): [ResponseWindow, ResponseWindow] {
  const [recent, before] = counts.map((w) => ({
    answered: w.answered,
    missed: w.missed,
    confidence: w.confidenceCount ? w.confidenceSum / w.confidenceCount : null,
  })) as [ResponseWindow, ResponseWindow];
  return [recent, before];
}

export function responseLines(counts: ResponseTrend): DigestLine[] {
  const [recent, before] = responseWindows(counts);
  const lines: DigestLine[] = [];

  const r = rate(recent);
  const b = rate(before);
  if (r !== null || b !== null) {
    const now4 =
      r === null
        ? "no check-ins decided"
        : `${r}% (${num(recent.answered)} of ${num(recent.answered + recent.missed)})`;
    const was =
      b === null
        ? "no check-ins the 4 weeks before"
        : `was ${b}% (${num(before.answered)} of ${num(before.answered + before.missed)})`;
    const change = r !== null && b !== null ? `: ${trend(r - b, " pts", 0)}` : "";
    lines.push({ text: `Response rate, last 4 weeks: ${now4}; ${was}${change}` });
  }

  const c = recent.confidence;
  const p = before.confidence;
  if (c !== null || p !== null) {
    const cur = c === null ? "no answers" : `${c.toFixed(1)} / 5`;
    const was = p === null ? "no answers the 4 weeks before" : `was ${p.toFixed(1)}`;
    const change = c !== null && p !== null ? `: ${trend(c - p, "", 1)}` : "";
    lines.push({ text: `Average confidence, last 4 weeks: ${cur}; ${was}${change}` });
  }
  return lines;
}
