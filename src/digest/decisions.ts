/**
 * The digest's asks and decisions sections: the asks still waiting on the sponsors in scope and how fast
 * each sponsor decided over the last 90 days.
 */

import { dueOf } from "../asks/views.js";
import { DAY } from "../core/clock.js";
import type { Ask, AskStore } from "../ports/ask-store.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import type { DigestData } from "./assemble.js";
import type { SponsorScope } from "./facts.js";
import type { DigestAsk, DigestDecisions } from "./model.js";

/** Median time to decide is read over this many days. */
export const DECISION_WINDOW_DAYS = 90;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface DecisionPorts {
  asks: AskStore;
  store: Pick<PortfolioStore, "getPerson">;
}

/**
 * Adds the open asks and decisions to an assembled digest. `open`: the asks still waiting on the
 * sponsors in scope, oldest first; `settings`: the workspace's (for asks due without `--by`).
 */
export async function addAsksAndDecisions(
  ports: DecisionPorts,
  workspaceId: string,
  data: DigestData,
  reading: { scope: SponsorScope; open: Ask[]; settings: string },
): Promise<DigestData> {
  const { scope, open } = reading;
  const now = data.periodEnd;
  const byId = new Map(data.initiatives.map((i) => [i.id, i]));
  const sponsorName = new Map(scope.sponsors.map((s) => [s.personId, s.name] as const));
  const openAsks: DigestAsk[] = open.map((ask) => ({
    slug: byId.get(ask.initiativeId)?.slug ?? "",
    name: byId.get(ask.initiativeId)?.name ?? "an initiative",
    text: ask.text,
    to: sponsorName.get(ask.sponsorPersonId) ?? "the sponsor",
    dueBy: dueOf(reading.settings, ask),
  }));
  const oldest = open[0]; // listAsks returns oldest first
  const inScope = new Set(scope.initiativeIds);
  const decided = (
    await ports.asks.listAsks(workspaceId, {
      statuses: ["done", "declined"],
      respondedSince: new Date(now.getTime() - DECISION_WINDOW_DAYS * DAY),
    })
  ).filter((a) => inScope.has(a.initiativeId));
  const bySponsor = new Map<number, number[]>();
  for (const a of decided) {
    if (!a.respondedAt || a.respondedAt > now) continue;
    const list = bySponsor.get(a.sponsorPersonId) ?? [];
    list.push((a.respondedAt.getTime() - a.createdAt.getTime()) / DAY);
    bySponsor.set(a.sponsorPersonId, list);
  }
  const decisions: DigestDecisions = {
    open: {
      count: open.length,
      overdue: openAsks.filter((a) => a.dueBy && a.dueBy < now).length,
      ...(oldest
        ? {
            oldest: {
              slug: byId.get(oldest.initiativeId)?.slug ?? "",
              name: byId.get(oldest.initiativeId)?.name ?? "an initiative",
              text: oldest.text,
              to: sponsorName.get(oldest.sponsorPersonId) ?? "the sponsor",
              ageDays: Math.floor((now.getTime() - oldest.createdAt.getTime()) / DAY),
            },
          }
        : {}),
    },
    bySponsor: await Promise.all(
      [...bySponsor].map(async ([personId, times]) => ({
        name:
          sponsorName.get(personId) ??
          (await ports.store.getPerson(workspaceId, personId))?.displayName ??
          "a sponsor",
        decided: times.length,
        medianDays: median(times),
      })),
    ),
    windowDays: DECISION_WINDOW_DAYS,
  };
  return { ...data, openAsks, decisions };
}
