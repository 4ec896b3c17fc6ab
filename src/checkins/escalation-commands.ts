import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/context.js";
import { findInitiative } from "../commands/find-initiative.js";
import { ok } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { ActionInbound, Reply } from "../core/inbound.js";

const MAX_SNOOZE_DAYS = 90;

async function target(ctx: CommandContext, query: string, doing: string) {
  requireAdmin(ctx, doing, await ctx.deps.store.listAdmins(ctx.workspace.id));
  if (!query)
    throw new PulseError("usage", "Which initiative?", [`\`/pulse ${doing.split(" ")[0]} <initiative>\``]);
  return findInitiative(await ctx.deps.store.listInitiatives(ctx.workspace.id), query);
}

/** `/pulse ack <initiative>`: the PMO has seen the escalation and is on it. */
export async function ackCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const initiative = await target(ctx, args.words.join(" "), "ack escalations");
  const n = await ctx.deps.checkins.ackEscalations(ctx.workspace.id, initiative.id, ctx.audit);
  if (n === 0) return [ok(`${initiative.name} has no unacknowledged escalation.`)];
  return [
    ok(
      `Acknowledged ${n} escalation${n > 1 ? "s" : ""} on **${initiative.name}**. It stays in the digest until the sponsor answers again.`,
    ),
  ];
}

/** `/pulse snooze <initiative> <days>`: no further escalation steps until then. */
export async function snoozeCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const daysWord = args.words.at(-1) ?? "";
  const days = Number(daysWord);
  if (args.words.length < 2 || !/^\d+$/.test(daysWord)) {
    throw new PulseError("usage", "Snooze for how many days?", [
      "`/pulse snooze <initiative> <days>` (1 to 90)",
    ]);
  }
  if (days < 1 || days > MAX_SNOOZE_DAYS) {
    throw new PulseError(
      "invalid",
      `Snooze for 1 to ${MAX_SNOOZE_DAYS} days, not ${days}. For longer, pause the initiative: \`/initiative pause <initiative> <reason>\`.`,
    );
  }
  const initiative = await target(ctx, args.words.slice(0, -1).join(" "), "snooze escalations");
  const until = new Date(ctx.now.getTime() + days * 86_400_000);
  const n = await ctx.deps.checkins.snoozeEscalations(ctx.workspace.id, initiative.id, until, ctx.audit);
  if (n === 0) return [ok(`${initiative.name} has no open escalation to snooze.`)];
  return [ok(`Escalations on **${initiative.name}** are snoozed until ${until.toISOString().slice(0, 10)}.`)];
}

/** The Acknowledge / Snooze buttons of an escalation message. */
export async function escalationAction(ctx: CommandContext, action: ActionInbound): Promise<Reply[]> {
  if (action.actionId === "escalation.ack")
    return ackCommand(ctx, { words: [action.value], flags: new Map(), repeated: [] });
  const [slug = "", days = "7"] = action.value.split(":");
  return snoozeCommand(ctx, { words: [slug, days], flags: new Map(), repeated: [] });
}
