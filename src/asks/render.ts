import { DAY } from "../core/clock.js";
import type { Message, Section } from "../core/message.js";
import type { Ask } from "../ports/ask-store.js";

export const ASK_ACTION = { done: "ask.done", decline: "ask.decline", info: "ask.info" } as const;
/**
 * Where the buttons were clicked: the ask's own DM (replaced in place) or a message carrying several
 * asks, a check-in or a hand-over (left alone).
 */
export type AskOrigin = "dm" | "checkin";

export interface AskView {
  ask: Ask;
  initiativeName: string;
  initiativeSlug: string;
  askedBy: string;
}

const STATUS_LABEL: Record<Ask["status"], string> = {
  open: "open",
  info: "more information requested",
  done: "done",
  declined: "declined",
  closed: "closed",
  cancelled: "cancelled",
};

function age(from: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY));
  return days === 0 ? "today" : days === 1 ? "1 day old" : `${days} days old`;
}

function dueText(dueAt: Date, tz: string, now: Date): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date(dueAt.getTime() - 1));
  return dueAt <= now ? `overdue since ${day}` : `due by ${day}`;
}

/** One line: `#12 Churn model: "Approve the data contract" · 3 days old · by 2026-02-10 · open`. */
export function askLine(v: AskView, dueAt: Date, now: Date, tz: string): string {
  const parts = [
    `#${v.ask.id} ${v.initiativeName}: “${v.ask.text}”`,
    age(v.ask.createdAt, now),
    `asked by ${v.askedBy}`,
  ];
  if (v.ask.status === "open" || v.ask.status === "info") parts.push(dueText(dueAt, tz, now));
  parts.push(STATUS_LABEL[v.ask.status]);
  return parts.join(" · ");
}

/** The controls of one open ask: Done, Need more info, and Decline with its reason. */
export function askSections(v: AskView, dueAt: Date, now: Date, tz: string, origin: AskOrigin): Section[] {
  const ref = `${v.ask.id}:${origin}`;
  return [
    {
      heading: `Decision needed — ${v.initiativeName} (ask #${v.ask.id})`,
      text: `${v.askedBy} asks: “${v.ask.text}” (${dueText(dueAt, tz, now)})`,
      controls: [
        { kind: "button", actionId: ASK_ACTION.done, label: "Done", value: ref, style: "primary" },
        { kind: "button", actionId: ASK_ACTION.info, label: "Need more info", value: ref },
      ],
    },
    {
      controls: [
        {
          kind: "text",
          actionId: ASK_ACTION.decline,
          label: "Decline — why?",
          opener: "Decline…",
          placeholder: "The reason the team will see",
          multiline: true,
          ref,
        },
      ],
      form: { ref, submitActionId: ASK_ACTION.decline, submitLabel: "Decline" },
    },
  ];
}

/** The DM a sponsor gets the moment an ask is made. */
export function askMessage(v: AskView, dueAt: Date, now: Date, tz: string): Message {
  return {
    title: "A decision is waiting on you",
    summary: `${v.askedBy} needs a decision on ${v.initiativeName}: “${v.ask.text}”`,
    tone: "info",
    sections: askSections(v, dueAt, now, tz, "dm"),
    context: "It also appears in your check-ins while it is open.",
  };
}

/** What the ask's DM becomes once settled. */
export function settledMessage(v: AskView, who: string): Message {
  const outcome =
    v.ask.status === "declined"
      ? `declined${v.ask.response ? `: “${v.ask.response}”` : ""}`
      : v.ask.status === "info"
        ? "needs more information"
        : STATUS_LABEL[v.ask.status];
  return {
    title: "Decision recorded",
    summary: `Ask #${v.ask.id} on ${v.initiativeName}: ${outcome}`,
    tone: "success",
    sections: [{ text: `“${v.ask.text}” — ${outcome} (${who}). ${v.askedBy} is told.` }],
  };
}
