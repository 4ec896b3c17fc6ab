import type { Initiative } from "../domain/types.js";
import { awayLabel, currentAbsence } from "../engagement/away.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import type { CheckinStore } from "../ports/checkin-store.js";
import type { EngagementSummary, Insights } from "../ports/deps.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import { loadSponsorFacts, noSponsorFacts, type SponsorPorts } from "../sponsors/facts.js";
import { engagementOf, HISTORY_DAYS, zoneOf } from "./engagement-facts.js";

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
      const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
      const history = await checkins.history(
        workspaceId,
        active.map((i) => i.id),
        since,
      );
      const settings = parseEngagementSettings(workspace?.settings);
      const zone = zoneOf(workspace, defaultTz);
      const answeredBy = history.flatMap((c) =>
        c.answeredByPersonId === null ? [] : [c.answeredByPersonId],
      );
      const facts = ports
        ? await loadSponsorFacts({ ...ports, store }, workspaceId, active, answeredBy, now, settings)
        : noSponsorFacts;
      const derived = engagementOf(active, history, now, settings, zone, facts);
      const out = new Map<number, EngagementSummary>();
      for (const i of active) {
        const e = derived.get(i.id);
        if (!e) continue;
        const absence = currentAbsence(facts.away(i), now);
        const away = absence ? awayLabel(absence, zone(i)) : undefined;
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
