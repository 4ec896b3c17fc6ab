import { STAGE_SHORT, type Stage, stageIndex } from "./stages.js";
import type { Initiative } from "./types.js";

export interface GateFacts {
  /** When a current sponsor last answered a check-in (null: never). */
  lastSponsorAnswerAt: Date | null;
  /** Length of the initiative's cadence, in days. */
  cadenceDays: number;
  now: Date;
}

/**
 * The soft stage gates of DESIGN.md: the items a forward move is missing (empty: the gate is met).
 * Backward moves have no gate.
 */
export function missingGateItems(initiative: Initiative, to: Stage, facts: GateFacts): string[] {
  const from = initiative.stage;
  if (stageIndex(to) <= stageIndex(from)) return [];
  const missing: string[] = [];
  if (from === "strategy") {
    if (!initiative.successMetric) {
      missing.push(
        `a success metric (set it with \`/initiative set ${initiative.slug} metric <the business outcome you will measure>\`)`,
      );
    }
    if (!initiative.dataReadiness) {
      missing.push(
        `a data-readiness note (set it with \`/initiative set ${initiative.slug} readiness <what data exists and its state>\`)`,
      );
    }
  }
  if (stageIndex(from) < stageIndex("scaling") && stageIndex(to) >= stageIndex("scaling")) {
    const since = facts.now.getTime() - facts.cadenceDays * 86_400_000;
    if (initiative.sponsors.length === 0) {
      missing.push(`a sponsor: ${STAGE_SHORT.scaling} needs an engaged executive sponsor`);
    } else if (!facts.lastSponsorAnswerAt || facts.lastSponsorAnswerAt.getTime() < since) {
      const last = facts.lastSponsorAnswerAt ? facts.lastSponsorAnswerAt.toISOString().slice(0, 10) : "never";
      missing.push(
        `a sponsor check-in answer within the last ${facts.cadenceDays} days (last answer: ${last}); ask the sponsor to answer \`/checkin\``,
      );
    }
  }
  return missing;
}
