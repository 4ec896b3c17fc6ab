/**
 * The digest's sponsor facts as they were read before the one pass (commit c0ce523, src/asks/digest.ts):
 * the loader's engagement, then engagement derived a second time over 26 weeks through
 * `insights.engagement` for time away and overdue asks. Kept only as the oracle the one pass must equal.
 */

import { askViews, dueOf } from "../../../src/asks/views.js";
import { DAY } from "../../../src/core/clock.js";
import type { DigestData } from "../../../src/digest/assemble.js";
import type { DigestAsk, DigestDecisions } from "../../../src/digest/model.js";
import { currentAbsence } from "../../../src/engagement/away.js";
import { OPEN_ASK_STATUSES } from "../../../src/ports/ask-store.js";
import type { CoreDeps } from "../../../src/ports/deps.js";

const DECISION_WINDOW_DAYS = 90;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function twoPassSponsorFacts(
  deps: CoreDeps,
  workspaceId: string,
  data: DigestData,
): Promise<DigestData> {
  const now = data.periodEnd;
  const workspace = await deps.store.getWorkspace(workspaceId);
  const all = await deps.store.listInitiatives(workspaceId);
  const inScope = new Set(data.initiatives.map((i) => i.id));
  const scoped = all.filter((i) => inScope.has(i.id));
  const engagement = await deps.insights.engagement(workspaceId, scoped, now);
  const periods = await deps.sponsors.awayPeriods(
    workspaceId,
    [...new Set(scoped.flatMap((i) => i.sponsors.map((p) => p.id)))],
    now,
  );
  const byId = new Map(scoped.map((i) => [i.id, i]));
  const initiatives = data.initiatives.map((d) => {
    const i = byId.get(d.id);
    const e = engagement.get(d.id);
    const ids = new Set(i?.sponsors.map((p) => p.id) ?? []);
    const away = currentAbsence(
      periods.filter((p) => ids.has(p.personId)),
      now,
    );
    return {
      ...d,
      ...(e
        ? {
            engagement: {
              state: e.state,
              reasons: e.reasons.filter((r) => !r.startsWith("sponsor away until")),
            },
          }
        : {}),
      // The last day away (the period's end is the start of the day back).
      ...(away ? { awayUntil: new Date(away.until.getTime() - 1) } : {}),
    };
  });

  const ids = [...inScope];
  const open = await deps.asks.listAsks(workspaceId, { initiativeIds: ids, statuses: OPEN_ASK_STATUSES });
  const views = await askViews(deps, workspaceId, open, scoped);
  const sponsorName = new Map(scoped.flatMap((i) => i.sponsors.map((p) => [p.id, p.displayName] as const)));
  const openAsks: DigestAsk[] = views.map((v) => ({
    slug: v.initiativeSlug,
    name: v.initiativeName,
    text: v.ask.text,
    to: sponsorName.get(v.ask.sponsorPersonId) ?? "the sponsor",
    dueBy: dueOf(workspace?.settings, v.ask),
  }));
  const oldest = views[0]; // listAsks returns oldest first
  const decided = await deps.asks.listAsks(workspaceId, {
    initiativeIds: ids,
    statuses: ["done", "declined"],
    respondedSince: new Date(now.getTime() - DECISION_WINDOW_DAYS * DAY),
  });
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
              slug: oldest.initiativeSlug,
              name: oldest.initiativeName,
              text: oldest.ask.text,
              to: sponsorName.get(oldest.ask.sponsorPersonId) ?? "the sponsor",
              ageDays: Math.floor((now.getTime() - oldest.ask.createdAt.getTime()) / DAY),
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
  return { ...data, initiatives, openAsks, decisions };
}
