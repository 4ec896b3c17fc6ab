import type { Initiative, Workspace } from "../domain/types.js";
import type { Engagement, EngagementInput } from "../engagement/model.js";
import { deriveEngagement } from "../engagement/state.js";
import type { EngagementSettings } from "../engagement/thresholds.js";
import type { Checkin } from "../ports/checkin-store.js";
import { cadenceDays, parseCadence } from "../schedule/cadence.js";
import { noSponsorFacts, type SponsorFacts } from "../sponsors/facts.js";

/** How far back the engagement state looks: well past the 6-week lapse. */
export const HISTORY_DAYS = 7 * 26;

/** The engagement input of one initiative from its stored check-ins (current sponsors only). */
export function engagementInput(
  initiative: Initiative,
  history: Checkin[],
  tz: string,
  facts: SponsorFacts = noSponsorFacts,
): EngagementInput {
  const sponsorIds = new Set(initiative.sponsors.map((p) => p.id));
  return {
    hasSponsor: sponsorIds.size > 0,
    sponsorSince: initiative.sponsorSince ?? initiative.createdAt,
    cadenceDays: cadenceDays(parseCadence(initiative.cadence)),
    checkins: history
      .filter((c) => c.initiativeId === initiative.id && sponsorIds.has(c.sponsorPersonId))
      .map((c) => ({
        dueAt: c.dueAt,
        status: c.status,
        choice: c.choice,
        confidence: c.confidence,
        answeredAt: c.answeredAt,
        delegated: c.answeredByPersonId !== null && c.answeredByPersonId !== c.sponsorPersonId,
        answeredBy: c.answeredByPersonId === null ? null : (facts.nameOf(c.answeredByPersonId) ?? null),
      })),
    away: facts.away(initiative),
    asksOverdue: facts.asksOverdue(initiative),
    tz,
  };
}

/** Engagement of many initiatives from one history load. */
export function engagementOf(
  initiatives: Initiative[],
  history: Checkin[],
  now: Date,
  settings: EngagementSettings,
  zone: (i: Initiative) => string,
  facts: SponsorFacts = noSponsorFacts,
): Map<number, Engagement> {
  const byInitiative = new Map<number, Checkin[]>();
  // Push, not spread: copying each list on every row was quadratic in an initiative's history.
  for (const c of history) {
    const list = byInitiative.get(c.initiativeId);
    if (list) list.push(c);
    else byInitiative.set(c.initiativeId, [c]);
  }
  const out = new Map<number, Engagement>();
  for (const i of initiatives) {
    out.set(
      i.id,
      deriveEngagement(engagementInput(i, byInitiative.get(i.id) ?? [], zone(i), facts), now, settings),
    );
  }
  return out;
}

export function zoneOf(workspace: Workspace | undefined, defaultTz: string) {
  return (i: Initiative) => i.sponsors[0]?.tz ?? workspace?.tz ?? defaultTz;
}
