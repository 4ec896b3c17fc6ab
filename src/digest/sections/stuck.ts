/** Initiatives stuck in a stage beyond its threshold ("pilot purgatory" when the stage is POC). */
import { STAGE_SHORT, type Stage } from "../../domain/stages.js";
import { compareSlugs, daysBetween, num } from "../format.js";
import type { DigestInitiative, DigestLine } from "../model.js";
import type { DigestSettings } from "../settings.js";

export interface StuckInitiative {
  initiative: DigestInitiative;
  days: number;
  threshold: number;
}

/** Active initiatives past their stage's threshold, the longest overrun first. */
export function findStuck(
  initiatives: DigestInitiative[],
  now: Date,
  settings: DigestSettings,
): StuckInitiative[] {
  const stuck: StuckInitiative[] = [];
  for (const initiative of initiatives) {
    if (initiative.status !== "active") continue;
    const threshold = settings.stageThresholdsDays[initiative.stage];
    if (threshold == null) continue;
    const days = daysBetween(initiative.stageEnteredAt, now);
    if (days > threshold) stuck.push({ initiative, days, threshold });
  }
  return stuck.sort(
    (a, b) =>
      b.days - b.threshold - (a.days - a.threshold) || compareSlugs(a.initiative.slug, b.initiative.slug),
  );
}

export function stuckLine({ initiative, days, threshold }: StuckInitiative): DigestLine {
  return {
    slug: initiative.slug,
    name: initiative.name,
    text: `${STAGE_SHORT[initiative.stage]} for ${days} days (threshold ${threshold})${
      initiative.stage === "poc" ? ": pilot purgatory" : ""
    }`,
  };
}

/** "1 stuck in POC", "3 stuck (2 in POC)", "3 stuck" for the headline. */
export function stuckHeadline(stuck: StuckInitiative[]): string | undefined {
  if (stuck.length === 0) return undefined;
  const stages = new Set<Stage>(stuck.map((s) => s.initiative.stage));
  const [only] = stages;
  if (stages.size === 1 && only) return `${num(stuck.length)} stuck in ${STAGE_SHORT[only]}`;
  const poc = stuck.filter((s) => s.initiative.stage === "poc").length;
  return poc > 0 ? `${num(stuck.length)} stuck (${num(poc)} in POC)` : `${num(stuck.length)} stuck`;
}
