import type { Section } from "../core/message.js";
import type { Person, Workspace } from "../domain/types.js";
import { type Ask, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { CoreDeps } from "../ports/deps.js";
import { askSections } from "./render.js";
import { askViews, dueOf } from "./views.js";

/** The sponsor's open asks as check-in sections: each check-in carries them again while they are open. */
export async function openAskSections(
  deps: CoreDeps,
  workspace: Workspace,
  sponsor: Person,
  now: Date,
  tz: string,
  /** The sponsor's open asks when the caller read them already (the planner, for a whole batch). */
  known?: Ask[],
): Promise<Section[]> {
  const open =
    known ??
    (await deps.asks.listAsks(workspace.id, {
      sponsorPersonIds: [sponsor.id],
      statuses: OPEN_ASK_STATUSES,
    }));
  if (open.length === 0) return [];
  const views = await askViews(deps, workspace.id, open);
  return views.flatMap((v) => askSections(v, dueOf(workspace.settings, v.ask), now, tz, "checkin"));
}
