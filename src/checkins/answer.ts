import { openAskSections } from "../asks/in-checkin.js";
import type { CommandContext } from "../commands/context.js";
import { ephemeral } from "../commands/replies.js";
import { PulseError } from "../core/errors.js";
import type { ActionInbound, Reply } from "../core/inbound.js";
import { textMessage } from "../core/message.js";
import type { Initiative } from "../domain/types.js";
import type { CheckinChoice } from "../engagement/model.js";
import type { AnswerPatch, Checkin, OutboxMessage } from "../ports/checkin-store.js";
import { ACTION, checkinMessage, type PromptItem } from "./prompt.js";
import { sponsorZone } from "./reschedule.js";

const CHOICES: readonly CheckinChoice[] = ["active", "limited", "handover"];
const MAX_NOTE = 2_000;

function refId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id) || id <= 0)
    throw new PulseError(
      "invalid",
      "That check-in button is not valid any more. Use `/checkin` to see your open check-ins.",
    );
  return id;
}

function parseChoice(value: string): { id: number; choice: CheckinChoice } {
  const [rawId, choice] = value.split(":");
  const id = refId(rawId);
  if (!CHOICES.includes(choice as CheckinChoice)) {
    throw new PulseError("invalid", "Choose Actively, Limited time or Hand over.");
  }
  return { id, choice: choice as CheckinChoice };
}

function parseConfidence(value: string): { id: number; confidence: number } {
  const [rawId, raw] = value.split(":");
  const id = refId(rawId);
  const confidence = Number(raw);
  if (!Number.isInteger(confidence) || confidence < 1 || confidence > 5) {
    throw new PulseError("invalid", `Confidence is a whole number from 1 to 5, not "${raw ?? ""}".`);
  }
  return { id, confidence };
}

function parseNote(text: string | undefined): string {
  const note = (text ?? "").trim();
  if (!note) throw new PulseError("invalid", "The note is empty; type what you need, or leave it out.");
  if (note.length > MAX_NOTE)
    throw new PulseError("invalid", `The note is ${note.length} characters; the limit is ${MAX_NOTE}.`);
  return note;
}

/** One action → the check-in it targets and what it changes. */
export function parseAnswerAction(action: ActionInbound): { id: number; patch: AnswerPatch } {
  const inputs = action.inputs ?? {};
  switch (action.actionId) {
    case ACTION.choice: {
      const { id, choice } = parseChoice(action.value);
      return { id, patch: { choice } };
    }
    case ACTION.confidence: {
      const { id, confidence } = parseConfidence(action.value);
      return { id, patch: { confidence } };
    }
    case ACTION.note:
      return { id: refId(action.value), patch: { note: parseNote(inputs[ACTION.note] ?? inputs.note) } };
    case ACTION.answer: {
      // A card form: every input at once (Teams), values in the same shapes as the single taps.
      const id = refId(action.value);
      const patch: AnswerPatch = {};
      const choice = inputs[ACTION.choice];
      const confidence = inputs[ACTION.confidence];
      const note = inputs[ACTION.note];
      if (choice) patch.choice = parseChoice(choice.includes(":") ? choice : `${id}:${choice}`).choice;
      if (confidence)
        patch.confidence = parseConfidence(
          confidence.includes(":") ? confidence : `${id}:${confidence}`,
        ).confidence;
      if (note?.trim()) patch.note = parseNote(note);
      if (!patch.choice && !patch.confidence && !patch.note)
        throw new PulseError("invalid", "Pick Actively, Limited time or Hand over first.");
      return { id, patch };
    }
    default:
      throw new PulseError("invalid", "Unknown check-in action.");
  }
}

function assertAnswerable(
  ctx: CommandContext,
  checkin: Checkin | undefined,
  initiative: Initiative | undefined,
  sponsorName: string,
  isDelegate: boolean,
): asserts checkin is Checkin {
  if (!checkin || !initiative)
    throw new PulseError(
      "not_found",
      "That check-in does not exist (any more). Use `/checkin` to see your open ones.",
    );
  if (checkin.sponsorPersonId !== ctx.actor.id && !isDelegate) {
    throw new PulseError(
      "forbidden",
      `This check-in is addressed to ${sponsorName}; only they can answer it.`,
    );
  }
  if (isDelegate && checkin.status === "answered" && checkin.answeredByPersonId === checkin.sponsorPersonId) {
    // The sponsor's own answer always wins over a delegate's.
    throw new PulseError(
      "conflict",
      `${sponsorName} already answered this check-in themselves; their answer stands.`,
    );
  }
  if (checkin.status === "missed" || checkin.status === "cancelled" || checkin.windowClosesAt <= ctx.now) {
    const next = initiative.nextCheckinAt
      ? ` The next one comes ${initiative.nextCheckinAt.toISOString().slice(0, 10)}.`
      : "";
    throw new PulseError(
      "closed",
      `This check-in on ${initiative.name} closed on ${checkin.windowClosesAt.toISOString().slice(0, 10)}.${next}`,
    );
  }
}

async function handoverNotices(ctx: CommandContext, initiative: Initiative): Promise<OutboxMessage[]> {
  const text = `${ctx.actor.displayName} wants to hand over sponsorship of **${initiative.name}**. Who takes over? \`/initiative set ${initiative.slug} sponsor @person\``;
  const msg = { ...textMessage(text, "warning"), title: "Sponsor hand-over" };
  const base = {
    workspaceId: ctx.workspace.id,
    platform: ctx.workspace.platform,
    purpose: "handover",
    message: msg,
  };
  const notices: OutboxMessage[] = initiative.leads.map((lead) => ({
    ...base,
    target: { kind: "user", id: lead.userId },
    dedupeKey: `handover:${initiative.id}:${ctx.now.getTime()}:lead:${lead.id}`,
  }));
  const channel = initiative.pmoChannel ?? ctx.workspace.defaultChannel;
  if (channel)
    notices.push({
      ...base,
      target: { kind: "channel", id: channel },
      dedupeKey: `handover:${initiative.id}:${ctx.now.getTime()}:pmo`,
    });
  return notices;
}

/** Records an answer from a button, select, note or card form, and re-renders the check-in. */
export async function answerAction(ctx: CommandContext, action: ActionInbound): Promise<Reply[]> {
  const { id, patch } = parseAnswerAction(action);
  const checkin = await ctx.deps.checkins.getCheckin(ctx.workspace.id, id);
  const initiative = checkin
    ? await ctx.deps.store.getInitiative(ctx.workspace.id, checkin.initiativeId)
    : undefined;
  const sponsor = checkin
    ? await ctx.deps.store.getPerson(ctx.workspace.id, checkin.sponsorPersonId)
    : undefined;
  const delegateFor =
    checkin && sponsor && checkin.sponsorPersonId !== ctx.actor.id
      ? await ctx.deps.sponsors.delegateOf(ctx.workspace.id, checkin.sponsorPersonId)
      : undefined;
  const isDelegate = delegateFor !== undefined && delegateFor.id === ctx.actor.id;
  assertAnswerable(ctx, checkin, initiative, sponsor?.displayName ?? "its sponsor", isDelegate);
  const init = initiative as Initiative;
  const handingOver = patch.choice === "handover" && checkin.choice !== "handover";
  const extra = handingOver ? await handoverNotices(ctx, init) : [];
  await ctx.deps.checkins.recordAnswer(ctx.workspace.id, id, patch, ctx.audit, extra);

  const siblings = await ctx.deps.checkins.siblings(ctx.workspace.id, id);
  const items: PromptItem[] = [];
  for (const c of siblings) {
    const i =
      c.initiativeId === init.id
        ? init
        : await ctx.deps.store.getInitiative(ctx.workspace.id, c.initiativeId);
    if (i) items.push({ checkin: c, initiative: i });
  }
  const tz = sponsorZone(init, ctx.workspace, ctx.deps.config.defaultTz);
  const asks = sponsor ? await openAskSections(ctx.deps, ctx.workspace, sponsor, ctx.now, tz) : [];
  const updated = checkinMessage(items, ctx.now, tz, "prompt", { asks });
  const reply =
    isDelegate && sponsor
      ? checkinMessage(items, ctx.now, tz, "prompt", { onBehalfOf: sponsor.displayName })
      : updated;
  if (handingOver) {
    reply.sections.push({
      text: `Thank you. Who should take over? Name them with \`/initiative set ${init.slug} sponsor @person\`; ${init.leads.map((l) => l.displayName).join(", ") || "the lead"} and the PMO are told.`,
    });
  }
  // Keep the delivered DM in step when the answer came from elsewhere (e.g. /checkin).
  const ref = siblings.find((c) => c.id === id)?.messageRef;
  if (ref && ref !== action.messageRef) {
    await ctx.deps.platforms
      .get(ctx.actorRef.platform)
      ?.update(ctx.workspace.id, ref, updated)
      .catch((error: unknown) => {
        ctx.deps.logger.warn("could not update the check-in message", { ref, error });
      });
  }
  return [{ audience: action.messageRef ? "replace" : "ephemeral", message: reply }];
}

/** `/checkin`: the sponsor's open check-ins (and, for a delegate, those they may answer), answerable right there. */
export async function checkinCommand(ctx: CommandContext): Promise<Reply[]> {
  const tz = ctx.actor.tz ?? ctx.workspace.tz ?? ctx.deps.config.defaultTz;
  const replies: Reply[] = [];
  const own = await promptItems(ctx, ctx.actor.id);
  if (own.length) {
    const asks = await openAskSections(ctx.deps, ctx.workspace, ctx.actor, ctx.now, tz);
    replies.push(ephemeral(checkinMessage(own, ctx.now, tz, "prompt", { asks })));
  }
  for (const sponsor of await ctx.deps.sponsors.delegatorsOf(ctx.workspace.id, ctx.actor.id)) {
    const items = await promptItems(ctx, sponsor.id);
    if (items.length)
      replies.push(
        ephemeral(checkinMessage(items, ctx.now, tz, "prompt", { onBehalfOf: sponsor.displayName })),
      );
  }
  if (replies.length === 0)
    return [
      ephemeral(textMessage("You have no open check-ins. Thank you — nothing is waiting on you.", "success")),
    ];
  return replies;
}

async function promptItems(ctx: CommandContext, personId: number): Promise<PromptItem[]> {
  const open = await ctx.deps.checkins.openCheckinsOf(ctx.workspace.id, personId, ctx.now);
  const items: PromptItem[] = [];
  for (const c of open) {
    const initiative = await ctx.deps.store.getInitiative(ctx.workspace.id, c.initiativeId);
    if (initiative) items.push({ checkin: c, initiative });
  }
  return items;
}
