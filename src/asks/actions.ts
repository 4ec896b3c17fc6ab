import type { CommandContext } from "../commands/context.js";
import { ephemeral } from "../commands/replies.js";
import { PulseError } from "../core/errors.js";
import type { ActionInbound, Reply } from "../core/inbound.js";
import { textMessage } from "../core/message.js";
import type { Ask } from "../ports/ask-store.js";
import type { OutboxMessage } from "../ports/checkin-store.js";
import { ASK_ACTION, type AskOrigin, settledMessage } from "./render.js";
import { askViews } from "./views.js";

const MAX_REASON = 2_000;

function parseRef(value: string): { id: number; origin: AskOrigin } {
  const [raw, origin] = value.split(":");
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id) || id <= 0)
    throw new PulseError("invalid", "That button is not valid any more. `/ask list` shows the open asks.");
  return { id, origin: origin === "checkin" ? "checkin" : "dm" };
}

function outcome(action: ActionInbound): { status: "done" | "declined" | "info"; response: string | null } {
  if (action.actionId === ASK_ACTION.done) return { status: "done", response: null };
  if (action.actionId === ASK_ACTION.info) return { status: "info", response: null };
  const reason = (action.inputs?.[ASK_ACTION.decline] ?? action.inputs?.note ?? "").trim();
  if (!reason) throw new PulseError("invalid", "Say why you decline, so the team knows what to do next.");
  if (reason.length > MAX_REASON)
    throw new PulseError("invalid", `The reason is ${reason.length} characters; the limit is ${MAX_REASON}.`);
  return { status: "declined", response: reason };
}

function refuse(ask: Ask | undefined, ctx: CommandContext, sponsorName: string): asserts ask is Ask {
  if (!ask)
    throw new PulseError("not_found", "That ask does not exist (any more). `/ask list` shows the open ones.");
  if (ask.sponsorPersonId !== ctx.actor.id)
    throw new PulseError("forbidden", `This ask is addressed to ${sponsorName}; only they can answer it.`);
  if (ask.status !== "open" && ask.status !== "info") {
    throw new PulseError("closed", `Ask #${ask.id} is already ${ask.status}; nothing to do.`);
  }
}

/** Done / Need more info / Decline (with a reason) on an ask: recorded once, and the lead is told. */
export async function askAction(ctx: CommandContext, action: ActionInbound): Promise<Reply[]> {
  const { id, origin } = parseRef(action.value);
  const ask = await ctx.deps.asks.getAsk(ctx.workspace.id, id);
  const sponsor = ask ? await ctx.deps.store.getPerson(ctx.workspace.id, ask.sponsorPersonId) : undefined;
  refuse(ask, ctx, sponsor?.displayName ?? "its sponsor");
  const change = outcome(action);
  if (change.status === "info" && ask.status === "info")
    return [
      ephemeral(textMessage(`You already asked for more information on ask #${id}; the team is on it.`)),
    ];
  const [view] = await askViews(ctx.deps, ctx.workspace.id, [ask]);
  const initiative = await ctx.deps.store.getInitiative(ctx.workspace.id, ask.initiativeId);
  const told = new Map<string, string>();
  for (const lead of initiative?.leads ?? []) told.set(lead.userId, `lead:${lead.id}`);
  if (ask.createdByPersonId !== null && ask.createdByPersonId !== ctx.actor.id) {
    const asker = await ctx.deps.store.getPerson(ctx.workspace.id, ask.createdByPersonId);
    if (asker) told.set(asker.userId, `asker:${asker.id}`);
  }
  const settled = {
    ...(view ?? { initiativeName: "", initiativeSlug: "", askedBy: "" }),
    ask: { ...ask, ...change },
  };
  const notice = settledMessage(settled, ctx.actor.displayName);
  const messages: OutboxMessage[] = [...told].map(([userId, who]) => ({
    workspaceId: ctx.workspace.id,
    platform: ctx.workspace.platform,
    target: { kind: "user", id: userId },
    dedupeKey: `ask:${id}:${change.status}:${ctx.now.getTime()}:${who}`,
    purpose: "ask.answered",
    message: {
      ...notice,
      title: "Your ask was answered",
      sections: [
        {
          text: `${ctx.actor.displayName} answered ask #${id} on **${settled.initiativeName}**: ${notice.summary.split(": ").slice(1).join(": ")}`,
        },
        { text: `“${ask.text}”` },
      ],
    },
  }));
  const saved = await ctx.deps.asks.settle(ctx.workspace.id, id, change, ctx.audit, messages);
  if (!saved) throw new PulseError("closed", `Ask #${id} was answered or closed meanwhile; nothing changed.`);
  const reply = settledMessage({ ...settled, ask: saved }, "you");
  return [{ audience: origin === "dm" && action.messageRef ? "replace" : "ephemeral", message: reply }];
}

export const askActions = {
  [ASK_ACTION.done]: askAction,
  [ASK_ACTION.info]: askAction,
  [ASK_ACTION.decline]: askAction,
};
