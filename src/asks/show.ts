import type { CommandContext } from "../commands/context.js";
import { personZone } from "../commands/dates.js";
import type { Section } from "../core/message.js";
import type { Initiative } from "../domain/types.js";
import { OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import { askLine } from "./render.js";
import { askViews, dueOf } from "./views.js";

/** `/initiative show`: the initiative's open asks with their age (none: no section). */
export async function openAsksSection(
  ctx: CommandContext,
  initiative: Initiative,
): Promise<Section | undefined> {
  const open = await ctx.deps.asks.listAsks(ctx.workspace.id, {
    initiativeIds: [initiative.id],
    statuses: OPEN_ASK_STATUSES,
  });
  if (open.length === 0) return undefined;
  const tz = personZone(ctx, ctx.actor);
  const views = await askViews(ctx.deps, ctx.workspace.id, open, [initiative]);
  return {
    heading: `Open asks (${open.length})`,
    lines: views.map((v) => askLine(v, dueOf(ctx.workspace.settings, v.ask), ctx.now, tz)),
  };
}
