import type { Insights } from "../core/deps.js";
import type { PortfolioStore } from "../core/store.js";
import type { Initiative } from "../domain/types.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import { engagementOf, HISTORY_DAYS, zoneOf } from "./engagement-facts.js";
import type { CheckinStore } from "./store.js";

/** The engagement read side for list, show, gates, export and home. */
export function createInsights(store: PortfolioStore, checkins: CheckinStore, defaultTz: string): Insights {
  return {
    async engagement(workspaceId: string, initiatives: Initiative[], now: Date) {
      const active = initiatives.filter((i) => i.status !== "closed");
      if (active.length === 0) return new Map();
      const workspace = await store.getWorkspace(workspaceId);
      const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
      const history = await checkins.history(
        workspaceId,
        active.map((i) => i.id),
        since,
      );
      return engagementOf(
        active,
        history,
        now,
        parseEngagementSettings(workspace?.settings),
        zoneOf(workspace, defaultTz),
      );
    },
    async lastSponsorAnswerAt(workspaceId: string, initiativeId: number) {
      const initiative = await store.getInitiative(workspaceId, initiativeId);
      if (!initiative) return null;
      return checkins.lastAnswerAt(
        workspaceId,
        initiativeId,
        initiative.sponsors.map((p) => p.id),
      );
    },
  };
}
