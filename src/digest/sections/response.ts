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

/**
 * The last 4 weeks and the 4 before (check-ins due in each; open and cancelled ones are not decided
 * yet or do not count), in one pass over the (tens of thousands of) check-ins.
 */
function responseWindows(checkins: DigestCheckin[], end: number): [ResponseWindow, ResponseWindow] {
  const sum = () => ({ answered: 0, missed: 0, confidenceSum: 0, confidenceCount: 0 });
  const sums = [sum(), sum()];
  for (let k = 0; k < checkins.length; k++) {
    const c = checkins[k] as DigestCheckin;
    const due = c.dueAt.getTime();
    if (due >= end || due < end - 2 * WINDOW) continue;
    const w = sums[due >= end - WINDOW ? 0 : 1] as ReturnType<typeof sum>;
    if (c.status === "missed") w.missed += 1;
    if (c.status !== "answered") continue;
    w.answered += 1;
    if (c.confidence != null) {
      w.confidenceSum += c.confidence;
      w.confidenceCount += 1;
    }
  }
  const [recent, before] = sums.map((w) => ({
    answered: w.answered,
    missed: w.missed,
    confidence: w.confidenceCount ? w.confidenceSum / w.confidenceCount : null,
  })) as [ResponseWindow, ResponseWindow];
  return [recent, before];
}

export function responseLines(checkins: DigestCheckin[], now: Date): DigestLine[] {
  const [recent, before] = responseWindows(checkins, now.getTime());
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
