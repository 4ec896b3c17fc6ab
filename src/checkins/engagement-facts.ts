/**
 * Engagement of some initiatives of one workspace as `/initiative show`, list and the escalation job
 * read it: 26 weeks of check-ins, the sponsors' time away and open asks, the names of who answered, all
 * handed to the one builder (src/engagement/facts.ts).
 */

import type { Initiative, Workspace } from "../domain/types.js";
import {
  awayOf,
  ENGAGEMENT_HISTORY_MS,
  engagementInput,
  type IndexedSponsorWeeks,
  indexSponsorWeeks,
  type Sponsorship,
} from "../engagement/facts.js";
import type { AwayPeriod, Engagement } from "../engagement/model.js";
import { deriveEngagement } from "../engagement/state.js";
import type { EngagementSettings } from "../engagement/thresholds.js";
import type { Checkin, CheckinStore } from "../ports/checkin-store.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import { loadSponsorWeeks, type SponsorPorts } from "../sponsors/facts.js";

export interface EngagementPorts {
  store: PortfolioStore;
  checkins: CheckinStore;
  /** Without them, time away and asks do not count and who answered is not named. */
  sponsorPorts?: SponsorPorts;
}

export interface EngagementReading {
  engagement: Map<number, Engagement>;
  /** The sponsors' periods away of an initiative read. */
  awayOf(initiative: Initiative): AwayPeriod[];
  /** The zone its reasons are dated in. */
  zoneOf(initiative: Initiative): string;
}

export function zoneOf(workspace: Workspace | undefined, defaultTz: string) {
  return (i: Initiative) => i.sponsors[0]?.tz ?? workspace?.tz ?? defaultTz;
}

/** The sponsorship of a loaded initiative, for the builder. */
export function sponsorshipOf(i: Initiative, tz: string): Sponsorship {
  return {
    sponsorIds: new Set(i.sponsors.map((p) => p.id)),
    sponsorSince: i.sponsorSince,
    createdAt: i.createdAt,
    cadence: i.cadence,
    tz,
  };
}

/** Display names of who answered: the initiatives' people, then the others (delegates) one by one. */
async function answererNames(
  store: PortfolioStore,
  workspaceId: string,
  initiatives: Initiative[],
  history: Checkin[],
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const i of initiatives) for (const p of [...i.sponsors, ...i.leads]) names.set(p.id, p.displayName);
  for (const c of history) {
    const id = c.answeredByPersonId;
    if (id === null || names.has(id)) continue;
    const p = await store.getPerson(workspaceId, id);
    if (p) names.set(id, p.displayName);
  }
  return names;
}

function groupByInitiative(history: Checkin[]): Map<number, Checkin[]> {
  const byInitiative = new Map<number, Checkin[]>();
  // Push, not spread: copying each list on every row was quadratic in an initiative's history.
  for (const c of history) {
    const list = byInitiative.get(c.initiativeId);
    if (list) list.push(c);
    else byInitiative.set(c.initiativeId, [c]);
  }
  return byInitiative;
}

/** Reads and derives the engagement of these initiatives (all of one workspace) as of `now`. */
export async function readEngagement(
  ports: EngagementPorts,
  workspace: Workspace | undefined,
  workspaceId: string,
  initiatives: Initiative[],
  options: { now: Date; settings: EngagementSettings; defaultTz: string },
): Promise<EngagementReading> {
  const { now, settings } = options;
  const zone = zoneOf(workspace, options.defaultTz);
  const since = new Date(now.getTime() - ENGAGEMENT_HISTORY_MS);
  const ids = initiatives.map((i) => i.id);
  const history = await ports.checkins.history(workspaceId, ids, since);
  let weeks: IndexedSponsorWeeks | undefined;
  let names: Map<number, string> | undefined;
  if (ports.sponsorPorts) {
    const sponsorIds = [...new Set(initiatives.flatMap((i) => i.sponsors.map((p) => p.id)))];
    const reading = await loadSponsorWeeks(ports.sponsorPorts, workspaceId, {
      initiativeIds: ids,
      sponsorIds,
    });
    weeks = indexSponsorWeeks(reading.weeks);
    names = await answererNames(ports.store, workspaceId, initiatives, history);
  }
  const nameOf = (id: number) => names?.get(id);
  const byInitiative = groupByInitiative(history);
  const engagement = new Map<number, Engagement>();
  for (const i of initiatives) {
    const rows = { checkins: byInitiative.get(i.id) ?? [], nameOf, ...(weeks ? { weeks } : {}) };
    const input = engagementInput(i.id, sponsorshipOf(i, zone(i)), rows, now, settings);
    engagement.set(i.id, deriveEngagement(input, now, settings));
  }
  return {
    engagement,
    awayOf: (i) => (weeks ? awayOf(new Set(i.sponsors.map((p) => p.id)), weeks) : []),
    zoneOf: zone,
  };
}
