import { DAY, HOUR } from "../../../src/core/clock.js";
import type { CheckinFact, EngagementInput } from "../../../src/engagement/state.js";

/** What the sponsor does with check-in number i: answers (how), or stays silent (null). */
export type Script = (i: number, dueAt: Date) => Answer | null;

export interface Answer {
  choice?: "active" | "limited" | "handover";
  confidence?: number;
  delegated?: boolean;
  answeredBy?: string;
  /** Hours after the check-in was sent (default 2). */
  afterHours?: number;
  /** The check-in was cancelled (sponsor away, initiative paused). */
  cancelled?: boolean;
}

/** Weekly Monday 09:00 UTC check-ins from `firstDue`, as the database would hold them at `now`. */
export function weeklyFacts(firstDue: string, now: Date, script: Script, windowDays = 3): CheckinFact[] {
  const facts: CheckinFact[] = [];
  for (let i = 0, due = new Date(firstDue); due <= now; i++, due = new Date(due.getTime() + 7 * DAY)) {
    const answer = script(i, due);
    const answeredAt = answer ? new Date(due.getTime() + (answer.afterHours ?? 2) * HOUR) : null;
    if (answer?.cancelled) facts.push({ dueAt: due, status: "cancelled" });
    else if (answer && answeredAt && answeredAt <= now) {
      facts.push({
        dueAt: due,
        status: "answered",
        choice: answer.choice ?? "active",
        confidence: answer.confidence ?? 4,
        answeredAt,
        delegated: answer.delegated ?? false,
        answeredBy: answer.answeredBy ?? "Sam Sponsor",
      });
    } else if (due.getTime() + windowDays * DAY <= now.getTime())
      facts.push({ dueAt: due, status: "missed" });
    else facts.push({ dueAt: due, status: "open" });
  }
  return facts;
}

export function input(
  firstDue: string,
  now: Date,
  script: Script,
  extra: Partial<EngagementInput> = {},
): EngagementInput {
  return {
    hasSponsor: true,
    sponsorSince: new Date(new Date(firstDue).getTime() - 3 * DAY),
    cadenceDays: 7,
    checkins: weeklyFacts(firstDue, now, script),
    ...extra,
  };
}

/** Instants every `stepHours` from `from` to `to` (inclusive). */
export function* walk(from: string, to: string, stepHours = 6): Generator<Date> {
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += stepHours * HOUR)
    yield new Date(t);
}
