import { resolveContext } from "../commands/context.js";
import type { Actor } from "../core/inbound.js";
import type { Message, Section } from "../core/message.js";
import type { Initiative } from "../domain/types.js";
import { initiativeLine } from "../portfolio/format.js";
import type { CoreDeps, EngagementSummary } from "../ports/deps.js";

const MAX_LINES = 40;

function lines(list: Initiative[], now: Date, engagement: Map<number, EngagementSummary>): string[] {
  const out = list.slice(0, MAX_LINES).map((i) => {
    const e = engagement.get(i.id);
    const why = e && e.state !== "engaged" && e.reasons[0] ? ` — ${e.reasons[0]}` : "";
    return `${initiativeLine(i, now, e)}${why}`;
  });
  if (list.length > MAX_LINES) out.push(`and ${list.length - MAX_LINES} more — \`/initiative list\``);
  return out;
}

/**
 * A person's overview (Slack App Home, the shell's `:home`): what they sponsor and lead, with stage,
 * days in stage and engagement with its first reason; PMO admins also see the whole portfolio.
 */
export async function homeView(deps: CoreDeps, actorRef: Actor): Promise<Message> {
  const ctx = await resolveContext(deps, actorRef);
  const mine = await deps.store.initiativesOf(ctx.workspace.id, ctx.actor.id);
  const all = ctx.isAdmin ? await deps.store.listInitiatives(ctx.workspace.id) : mine;
  const live = all.filter((i) => i.status !== "closed");
  const engagement = await deps.insights.engagement(ctx.workspace.id, live, ctx.now);
  const isMe = (people: { id: number }[]) => people.some((p) => p.id === ctx.actor.id);
  const sponsoring = mine.filter((i) => i.status !== "closed" && isMe(i.sponsors));
  const leading = mine.filter((i) => i.status !== "closed" && isMe(i.leads));
  const open = await deps.checkins.openCheckinsOf(ctx.workspace.id, ctx.actor.id, ctx.now);
  const waiting = open.filter((c) => c.status === "open").length;

  const sections: Section[] = [];
  if (waiting > 0) {
    sections.push({
      heading: "Waiting on you",
      text: `${waiting} check-in${waiting > 1 ? "s are" : " is"} open: answer with \`/checkin\`.`,
    });
  }
  if (sponsoring.length)
    sections.push({
      heading: `You sponsor (${sponsoring.length})`,
      lines: lines(sponsoring, ctx.now, engagement),
    });
  if (leading.length)
    sections.push({ heading: `You lead (${leading.length})`, lines: lines(leading, ctx.now, engagement) });
  if (ctx.isAdmin) {
    const rank = { unsponsored: 0, lapsed: 1, lapsing: 2, cooling: 3, engaged: 4 } as const;
    const sorted = [...live].sort(
      (a, b) =>
        rank[engagement.get(a.id)?.state ?? "engaged"] - rank[engagement.get(b.id)?.state ?? "engaged"],
    );
    sections.push({
      heading: `Portfolio (${live.length}), most at risk first`,
      lines: lines(sorted, ctx.now, engagement),
    });
  }
  if (sections.length === 0) {
    sections.push({
      text: "You have no initiatives yet. `/initiative list` shows the portfolio; `/pulse help` lists every command.",
    });
  }
  return {
    title: "Sponsor Pulse",
    summary: `${ctx.actor.displayName}'s initiatives`,
    sections,
    ...(ctx.isAdmin ? { context: "You are a PMO admin: you see the whole portfolio." } : {}),
  };
}
