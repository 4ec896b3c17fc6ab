import type { Initiative } from "../domain/types.js";
import { overdueAsks } from "../engagement/asks.js";
import type { AwayPeriod, OverdueAsks } from "../engagement/model.js";
import type { EngagementSettings } from "../engagement/thresholds.js";
import { type AskStore, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import type { SponsorStore } from "../ports/sponsor-store.js";

/** What the sponsors' real weeks add to an initiative's engagement input. */
export interface SponsorFacts {
  away(initiative: Initiative): AwayPeriod[];
  asksOverdue(initiative: Initiative): OverdueAsks | null;
  /** Display name of a person who answered (for "answered by <delegate> 3 times running"). */
  nameOf(personId: number): string | undefined;
}

export const noSponsorFacts: SponsorFacts = {
  away: () => [],
  asksOverdue: () => null,
  nameOf: () => undefined,
};

export interface SponsorPorts {
  sponsors: SponsorStore;
  asks: AskStore;
}

/**
 * Loads, for these initiatives of one workspace, their sponsors' time away, their open asks and the
 * names of people who answered for them, in three queries.
 */
export async function loadSponsorFacts(
  ports: SponsorPorts & { store: PortfolioStore },
  workspaceId: string,
  initiatives: Initiative[],
  answeredBy: number[],
  now: Date,
  settings: EngagementSettings,
): Promise<SponsorFacts> {
  const sponsorIds = [...new Set(initiatives.flatMap((i) => i.sponsors.map((p) => p.id)))];
  const periods = await ports.sponsors.awayPeriods(workspaceId, sponsorIds);
  const open = await ports.asks.listAsks(workspaceId, {
    initiativeIds: initiatives.map((i) => i.id),
    statuses: ["open"],
  });
  const names = new Map<number, string>();
  for (const i of initiatives) for (const p of [...i.sponsors, ...i.leads]) names.set(p.id, p.displayName);
  for (const id of new Set(answeredBy)) {
    if (!names.has(id)) {
      const p = await ports.store.getPerson(workspaceId, id);
      if (p) names.set(id, p.displayName);
    }
  }
  return {
    away: (i) => {
      const ids = new Set(i.sponsors.map((p) => p.id));
      return periods.filter((p) => ids.has(p.personId)).map((p) => ({ from: p.from, until: p.until }));
    },
    asksOverdue: (i) => {
      const ids = new Set(i.sponsors.map((p) => p.id));
      const mine = open.filter((a) => a.initiativeId === i.id && ids.has(a.sponsorPersonId));
      return overdueAsks(mine, now, settings);
    },
    nameOf: (id) => names.get(id),
  };
}

export { OPEN_ASK_STATUSES };
