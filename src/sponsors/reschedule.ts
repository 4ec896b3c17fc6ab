import type { CommandContext } from "../commands/context.js";

/** After holidays or a country changed: every active initiative's next slot is computed again. */
export async function rescheduleAll(ctx: CommandContext): Promise<void> {
  for (const i of await ctx.deps.store.listInitiatives(ctx.workspace.id))
    await ctx.deps.schedule.reschedule(i, ctx.now);
}

/** The initiatives this person sponsors, rescheduled (their country changed). */
export async function rescheduleSponsored(ctx: CommandContext, personId: number): Promise<void> {
  for (const i of await ctx.deps.store.initiativesOf(ctx.workspace.id, personId))
    if (i.sponsors.some((s) => s.id === personId)) await ctx.deps.schedule.reschedule(i, ctx.now);
}
