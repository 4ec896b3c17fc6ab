import type { SponsorWeeks } from "../engagement/facts.js";
import { type Ask, type AskStore, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { SponsorStore } from "../ports/sponsor-store.js";

export interface SponsorPorts {
  sponsors: SponsorStore;
  asks: AskStore;
}

export interface SponsorReading {
  /** Time away and open asks, for the engagement builder (src/engagement/facts.ts). */
  weeks: SponsorWeeks;
  /** Every ask still waiting on a sponsor (open or asked for more information), oldest first. */
  pending: Ask[];
}

/**
 * The sponsors' time away and the asks waiting on them, for these initiatives of one workspace: one
 * query each.
 */
export async function loadSponsorWeeks(
  ports: SponsorPorts,
  workspaceId: string,
  scope: { initiativeIds: readonly number[]; sponsorIds: readonly number[] },
): Promise<SponsorReading> {
  const periods = await ports.sponsors.awayPeriods(workspaceId, [...scope.sponsorIds]);
  // The workspace's open asks, filtered here: a few dozen rows, where an id list of 5,000 initiatives
  // cost more to build and bind than the query itself.
  const inScope = new Set(scope.initiativeIds);
  const pending = (await ports.asks.listAsks(workspaceId, { statuses: OPEN_ASK_STATUSES })).filter((a) =>
    inScope.has(a.initiativeId),
  );
  return {
    weeks: {
      away: periods.map((p) => ({ personId: p.personId, from: p.from, until: p.until })),
      openAsks: pending.filter((a) => a.status === "open"),
    },
    pending,
  };
}
