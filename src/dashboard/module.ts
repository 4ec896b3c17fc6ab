import { type CommandContext, requireAdmin } from "../commands/context.js";
import type { FeatureModule } from "../commands/module.js";
import { ephemeral } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import type { Message } from "../core/message.js";
import { textMessage } from "../core/message.js";
import { type DashboardAuth, LINK_TTL_MS } from "./auth.js";

const MINUTES = LINK_TTL_MS / 60_000;

/** The DM carrying a sign-in link (also what `sponsor-pulse dashboard-link` prints, as text). */
export function linkMessage(url: string): Message {
  return {
    title: "Your Sponsor Pulse dashboard",
    summary: `Your dashboard sign-in link (works once, for ${MINUTES} minutes)`,
    sections: [
      {
        text: `The portfolio dashboard: heatmap, trends and every initiative's history. The link works once, for ${MINUTES} minutes, and signs this browser in for 8 hours.`,
        links: [{ label: "Open the dashboard", url }],
      },
    ],
    context:
      "Do not forward it: whoever opens it first sees the dashboard as you. `/pulse dashboard` gives a new one.",
  };
}

/**
 * `/pulse dashboard`: a sign-in link to the PMO admin, in a direct message. Sent at once rather than
 * through the outbox: a link must not wait for a tick, nor be retried after it expired.
 */
export function dashboardModule(auth: DashboardAuth): FeatureModule {
  return {
    name: "dashboard",
    pulse: {
      async dashboard(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
        if (args.words.length > 0)
          throw new PulseError("usage", "`/pulse dashboard` takes no arguments.", ["`/pulse dashboard`"]);
        requireAdmin(ctx, "open the dashboard", await ctx.deps.store.listAdmins(ctx.workspace.id));
        const url = await auth.linkFor({ workspaceId: ctx.workspace.id, personId: ctx.actor.id }, ctx.now);
        const message = linkMessage(url);
        // Teams has no replies only one person sees: typed in a personal chat, the reply is the DM;
        // typed in a channel, the link must not be posted there.
        const privateReply = ctx.actorRef.platform !== "teams" || ctx.channelId === undefined;
        if (ctx.actorRef.platform === "teams" && privateReply) return [ephemeral(message)];
        const platform = ctx.deps.platforms.get(ctx.actorRef.platform);
        if (platform) {
          try {
            await platform.send(ctx.workspace.id, { kind: "user", id: ctx.actor.userId }, message, {
              dedupeKey: `dashboard:${ctx.actor.id}:${ctx.now.getTime()}`,
            });
            return [
              ephemeral(
                textMessage(
                  `I sent you a dashboard link in a direct message (it works once, for ${MINUTES} minutes).`,
                  "success",
                ),
              ),
            ];
          } catch (error) {
            ctx.deps.logger.warn("dashboard link DM failed", { platform: ctx.actorRef.platform, error });
          }
        }
        if (!privateReply)
          throw new PulseError(
            "retry",
            "I could not send you a direct message with the link, and this channel is no place for it.",
            ["Message me directly and type `/pulse dashboard` there."],
          );
        // Slack's ephemeral reply and the terminal reach only this person: the link may go there.
        return [ephemeral(message)];
      },
    },
    help: [
      {
        heading: "PMO",
        usage: "pulse",
        lines: ["`/pulse dashboard` — a sign-in link to the web dashboard, in a DM (PMO admins)"],
      },
    ],
  };
}
