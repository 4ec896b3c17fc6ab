import type { Initiative } from "../domain/types.js";
import { askDueAt } from "../engagement/asks.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import type { Ask } from "../ports/ask-store.js";
import type { CoreDeps } from "../ports/deps.js";
import type { AskView } from "./render.js";

/** Asks with the names they are shown with, in one pass (one lookup per distinct person/initiative). */
export async function askViews(
  deps: CoreDeps,
  workspaceId: string,
  asks: Ask[],
  known: Initiative[] = [],
): Promise<AskView[]> {
  const initiatives = new Map(known.map((i) => [i.id, i]));
  const names = new Map<number, string>();
  const out: AskView[] = [];
  for (const ask of asks) {
    let initiative = initiatives.get(ask.initiativeId);
    if (!initiative) {
      initiative = await deps.store.getInitiative(workspaceId, ask.initiativeId);
      if (initiative) initiatives.set(initiative.id, initiative);
    }
    let askedBy = ask.createdByPersonId === null ? "The PMO" : names.get(ask.createdByPersonId);
    if (askedBy === undefined && ask.createdByPersonId !== null) {
      askedBy = (await deps.store.getPerson(workspaceId, ask.createdByPersonId))?.displayName ?? "The team";
      names.set(ask.createdByPersonId, askedBy);
    }
    out.push({
      ask,
      initiativeName: initiative?.name ?? "an initiative",
      initiativeSlug: initiative?.slug ?? "",
      askedBy: askedBy ?? "The team",
    });
  }
  return out;
}

/** When an ask is due under this workspace's settings. */
export function dueOf(workspaceSettings: string | undefined, ask: Ask): Date {
  return askDueAt(ask, parseEngagementSettings(workspaceSettings));
}
