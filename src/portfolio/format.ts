import { STAGE_SHORT } from "../domain/stages.js";
import type { Initiative, Person } from "../domain/types.js";
import type { EngagementSummary } from "../ports/deps.js";

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
}

export function names(people: Person[]): string {
  return people.length ? people.map((p) => p.displayName).join(", ") : "none";
}

const STATE_LABEL: Record<EngagementSummary["state"], string> = {
  engaged: "engaged",
  cooling: "cooling",
  lapsing: "lapsing",
  lapsed: "lapsed",
  unsponsored: "unsponsored",
};

/** One line per initiative, the same in list, digest and home views. */
export function initiativeLine(i: Initiative, now: Date, engagement?: EngagementSummary): string {
  const parts = [
    `**${i.name}** (\`${i.slug}\`)`,
    `${STAGE_SHORT[i.stage]} ${daysBetween(i.stageEnteredAt, now)}d`,
  ];
  if (i.status !== "active") parts.push(i.status);
  if (engagement) parts.push(STATE_LABEL[engagement.state]);
  if (engagement?.away) parts.push(engagement.away);
  parts.push(`sponsor ${names(i.sponsors)}`, `lead ${names(i.leads)}`);
  return parts.join(" · ");
}
