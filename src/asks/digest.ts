import { DAY } from "../core/clock.js";
import type { DigestData } from "../digest/assemble.js";
import type { SponsorFacts, SponsorScope } from "../digest/facts.js";
import type { DigestAsk, DigestDecisions } from "../digest/model.js";
import type { DigestStore } from "../digest/store.js";
import { type Ask, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { CoreDeps } from "../ports/deps.js";
import { dueOf } from "./views.js";

/** Median time to decide is read over this many days. */
export const DECISION_WINDOW_DAYS = 90;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** What the digest's sponsor facts read, kept for the asks and decisions sections. */
interface SponsorReading {
  scope: SponsorScope;
  open: Ask[];
}

/**
 * The sponsors' time away and open asks for the loader's scope: one query each. The loader derives the
 * engagement once with them (the same reading as show and the escalation job).
 */
async function readSponsorFacts(
  deps: CoreDeps,
  workspaceId: string,
  scope: SponsorScope,
): Promise<{ facts: SponsorFacts; open: Ask[] }> {
  const periods = await deps.sponsors.awayPeriods(
    workspaceId,
    scope.sponsors.map((s) => s.personId),
  );
  // The workspace's open asks, filtered here: a few dozen rows, where an id list of 5,000 initiatives
  // cost more to build and bind than the query itself.
  const inScope = new Set(scope.initiativeIds);
  const open = (await deps.asks.listAsks(workspaceId, { statuses: OPEN_ASK_STATUSES })).filter((a) =>
    inScope.has(a.initiativeId),
  );
  return {
    facts: {
      defaultTz: deps.config.defaultTz,
      away: periods.map((p) => ({ personId: p.personId, from: p.from, until: p.until })),
      openAsks: open.filter((a) => a.status === "open"),
    },
    open,
  };
}

/** Adds what sponsors' real weeks know beyond engagement to a loaded digest: open asks and decisions. */
async function addAsksAndDecisions(
  deps: CoreDeps,
  workspaceId: string,
  data: DigestData,
  { scope, open }: SponsorReading,
): Promise<DigestData> {
  const now = data.periodEnd;
  const workspace = await deps.store.getWorkspace(workspaceId);
  const byId = new Map(data.initiatives.map((i) => [i.id, i]));
  const sponsorName = new Map(scope.sponsors.map((s) => [s.personId, s.name] as const));
  const openAsks: DigestAsk[] = open.map((ask) => ({
    slug: byId.get(ask.initiativeId)?.slug ?? "",
    name: byId.get(ask.initiativeId)?.name ?? "an initiative",
    text: ask.text,
    to: sponsorName.get(ask.sponsorPersonId) ?? "the sponsor",
    dueBy: dueOf(workspace?.settings, ask),
  }));
  const oldest = open[0]; // listAsks returns oldest first
  const inScope = new Set(scope.initiativeIds);
  const decided = (
    await deps.asks.listAsks(workspaceId, {
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
          (await deps.store.getPerson(workspaceId, personId))?.displayName ??
          "a sponsor",
        decided: times.length,
        medianDays: median(times),
      })),
    ),
    windowDays: DECISION_WINDOW_DAYS,
  };
  return { ...data, openAsks, decisions };
}

/**
 * The digest store with what sponsors' real weeks know: engagement that counts time away, overdue asks
 * and delegated answers (read once, by the loader, with the facts read here), "away until", the open
 * asks and the decisions section.
 */
export function withSponsorFacts(store: DigestStore, deps: CoreDeps): DigestStore {
  return {
    ...store,
    load: async (workspaceId, options) => {
      let reading: SponsorReading | undefined;
      const data = await store.load(workspaceId, {
        ...options,
        sponsorFacts: async (scope) => {
          const { facts, open } = await readSponsorFacts(deps, workspaceId, scope);
          reading = { scope, open };
          return facts;
        },
      });
      // Every DigestStore reads them (both loaders do); a store that skipped them would drop time away.
      if (!reading) throw new Error("The digest store did not read the sponsor facts.");
      return addAsksAndDecisions(deps, workspaceId, data, reading);
    },
  };
}
