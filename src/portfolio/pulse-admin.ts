import { type CommandContext, requireAdmin, resolvePersonMention } from "../commands/context.js";
import { ok } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { parseChannelRef } from "../commands/validate.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";

/** `/pulse admin add|remove @person` (PMO admins only; the last admin cannot leave). */
export async function adminCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const [verb, who, ...extra] = args.words;
  const admins = await ctx.deps.store.listAdmins(ctx.workspace.id);
  if (verb === undefined || verb === "list") {
    return [ok(`PMO admins: ${admins.map((a) => a.displayName).join(", ") || "none"}.`)];
  }
  if ((verb !== "add" && verb !== "remove") || !who || extra.length) {
    throw new PulseError("usage", "Add or remove one PMO admin at a time.", [
      "`/pulse admin add|remove @person`",
      "`/pulse admin list`",
    ]);
  }
  requireAdmin(ctx, `${verb} PMO admins`, admins);
  const person = await resolvePersonMention(ctx, who, "The admin");
  if (verb === "remove" && admins.length === 1 && admins[0]?.id === person.id) {
    throw new PulseError(
      "invalid",
      `${person.displayName} is the only PMO admin; add another before removing them.`,
    );
  }
  const changed = await ctx.deps.store.setAdmin(ctx.workspace.id, person.id, verb === "add", ctx.audit);
  if (!changed) return [ok(`${person.displayName} ${verb === "add" ? "is already" : "is not"} a PMO admin.`)];
  return [ok(`${person.displayName} ${verb === "add" ? "is now" : "is no longer"} a PMO admin.`)];
}

/** `/pulse channel #channel`: the default PMO channel for digests and escalations. */
export async function channelCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const [raw] = args.words;
  if (raw === undefined) {
    const current = ctx.workspace.defaultChannel;
    return [
      ok(
        current
          ? `The default PMO channel is <#${current}>.`
          : "No default PMO channel yet. Set one with `/pulse channel #channel`.",
      ),
    ];
  }
  requireAdmin(ctx, "set the PMO channel", await ctx.deps.store.listAdmins(ctx.workspace.id));
  const channel = parseChannelRef(raw);
  await ctx.deps.store.updateWorkspace(ctx.workspace.id, { defaultChannel: channel }, ctx.audit);
  return [
    ok(`Digests and escalations now go to <#${channel}> (unless an initiative names its own channel).`),
  ];
}
