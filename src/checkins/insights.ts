import type { Initiative } from "../domain/types.js";
import { awayLabel, currentAbsence } from "../engagement/away.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import type { CheckinStore } from "../ports/checkin-store.js";
import type { EngagementSummary, Insights } from "../ports/deps.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import type { SponsorPorts } from "../sponsors/facts.js";
import { readEngagement } from "./engagement-facts.js";

/** The engagement read side for list, show, gates, export and home. */
export function createInsights(
  store: PortfolioStore,
  checkins: CheckinStore,
  defaultTz: string,
  ports?: SponsorPorts,
): Insights {
  return {
    async engagement(workspaceId: string, initiatives: Initiative[], now: Date) {
      const active = initiatives.filter((i) => i.status !== "closed");
      if (active.length === 0) return new Map();
      const workspace = await store.getWorkspace(workspaceId);
      const settings = parseEngagementSettings(workspace?.settings);
      const reading = await readEngagement(
        { store, checkins, ...(ports ? { sponsorPorts: ports } : {}) },
        workspace,
        workspaceId,
        active,
        { now, settings, defaultTz },
      );
      const out = new Map<number, EngagementSummary>();
      for (const i of active) {
        const e = reading.engagement.get(i.id);
        if (!e) continue;
        const absence = currentAbsence(reading.awayOf(i), now);
        const away = absence ? awayLabel(absence, reading.zoneOf(i)) : undefined;
        out.set(i.id, {
          ...e,
          ...(away ? { away, reasons: [`sponsor ${away}`, ...e.reasons] } : {}),
        });
      }
      return out;
    },
    async lastSponsorAnswerAt(initiative) {
      return checkins.lastAnswerAt(
        initiative.workspaceId,
        initiative.id,
        initiative.sponsors.map((p) => p.id),
      );
    },
  };
}
