import { type CommandContext, requireAdmin } from "../commands/context.js";
import type { FeatureModule } from "../commands/module.js";
import { ephemeral } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import type { Reply } from "../core/inbound.js";
import { buildDigest } from "./build.js";
import type { Digests } from "./load.js";
import type { Digest } from "./model.js";
import { digestToMessage } from "./render.js";

const WEEK = 7 * 86_400_000;

/** The digest of a whole workspace (or one channel) over the last week, as of `now`. */
export async function digestNow(
  digests: Digests,
  workspaceId: string,
  now: Date,
  channelId?: string,
): Promise<Digest> {
  const data = await digests.load(workspaceId, {
    now,
    since: new Date(now.getTime() - WEEK),
    ...(channelId ? { channelId } : {}),
  });
  return buildDigest(data, now, data.settings);
}

/** `/pulse digest`: the portfolio digest now, to the PMO admin who asked. */
export function digestModule(digests: Digests): FeatureModule {
  return {
    name: "digest",
    pulse: {
      async digest(ctx: CommandContext, _args: ParsedArgs): Promise<Reply[]> {
        requireAdmin(ctx, "see the portfolio digest", await ctx.deps.store.listAdmins(ctx.workspace.id));
        return [ephemeral(digestToMessage(await digestNow(digests, ctx.workspace.id, ctx.now)))];
      },
    },
    help: [
      { heading: "PMO", usage: "pulse", lines: ["`/pulse digest` — the portfolio digest now (PMO admins)"] },
    ],
  };
}
