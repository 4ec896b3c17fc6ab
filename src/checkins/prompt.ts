import type { Control, Message, Section } from "../core/message.js";
import { STAGE_NAMES } from "../domain/stages.js";
import type { Initiative } from "../domain/types.js";
import type { Checkin } from "../ports/checkin-store.js";

export const ACTION = {
  choice: "checkin.choice",
  confidence: "checkin.confidence",
  note: "checkin.note",
  answer: "checkin.answer",
} as const;

export const CHOICE_LABEL = { active: "Actively", limited: "Limited time", handover: "Hand over" } as const;
const CONFIDENCE_LABEL = ["1 — very unlikely", "2 — unlikely", "3 — maybe", "4 — likely", "5 — very likely"];

export interface PromptItem {
  checkin: Checkin;
  initiative: Initiative;
}

function day(date: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: tz,
  }).format(date);
}

export function recordedLine(c: Checkin): string | undefined {
  if (c.status !== "answered") return undefined;
  const parts = [c.choice ? CHOICE_LABEL[c.choice] : "answered"];
  if (c.confidence) parts.push(`confidence ${c.confidence}/5`);
  if (c.note) parts.push(`“${c.note}”`);
  if (c.answeredByPersonId !== null && c.answeredByPersonId !== c.sponsorPersonId)
    parts.push("answered by the delegate");
  return `Recorded: ${parts.join(" · ")}`;
}

function controls(c: Checkin): Control[] {
  return [
    {
      kind: "button",
      actionId: ACTION.choice,
      label: CHOICE_LABEL.active,
      value: `${c.id}:active`,
      style: "primary",
    },
    { kind: "button", actionId: ACTION.choice, label: CHOICE_LABEL.limited, value: `${c.id}:limited` },
    {
      kind: "button",
      actionId: ACTION.choice,
      label: CHOICE_LABEL.handover,
      value: `${c.id}:handover`,
      style: "danger",
    },
    {
      kind: "select",
      actionId: ACTION.confidence,
      placeholder: "Confidence it delivers its business case",
      options: CONFIDENCE_LABEL.map((label, i) => ({ label, value: `${c.id}:${i + 1}` })),
      ...(c.confidence ? { selected: `${c.id}:${c.confidence}` } : {}),
    },
    {
      kind: "text",
      actionId: ACTION.note,
      label: "What do you need?",
      opener: "Add a note",
      placeholder: "A decision, budget, an introduction…",
      multiline: true,
      ref: String(c.id),
      ...(c.note ? { value: c.note } : {}),
    },
  ];
}

/**
 * The check-in a sponsor gets: one section per initiative, each answerable with one tap (the
 * sponsorship choice), with confidence and a note as optional second taps.
 */
export function checkinMessage(
  items: PromptItem[],
  now: Date,
  tz: string,
  kind: "prompt" | "reminder" = "prompt",
  extra: { asks?: Section[]; onBehalfOf?: string } = {},
): Message {
  const sections: Section[] = items.map(({ checkin, initiative }) => {
    const days = Math.max(0, Math.floor((now.getTime() - initiative.stageEnteredAt.getTime()) / 86_400_000));
    const recorded = recordedLine(checkin);
    const open = checkin.status === "open" || (checkin.status === "answered" && checkin.windowClosesAt > now);
    return {
      heading: `**${initiative.name}** — ${STAGE_NAMES[initiative.stage]}, day ${days} in stage`,
      text: recorded ?? `Are you still actively sponsoring ${initiative.name}?`,
      ...(open
        ? {
            controls: controls(checkin),
            form: {
              ref: String(checkin.id),
              submitActionId: ACTION.answer,
              submitLabel: recorded ? "Update" : "Send",
            },
          }
        : {}),
    };
  });
  const closes =
    items.map((i) => i.checkin.windowClosesAt).sort((a, b) => a.getTime() - b.getTime())[0] ?? now;
  const first = items[0]?.initiative.name ?? "your initiative";
  const what = items.length === 1 ? first : `${items.length} initiatives`;
  const answered = items.every((i) => i.checkin.status === "answered");
  if (extra.asks?.length) sections.push(...extra.asks);
  const behalf = extra.onBehalfOf ? ` (on behalf of ${extra.onBehalfOf})` : "";
  return {
    title: `${kind === "reminder" ? "Reminder: your sponsor check-in" : "Sponsor check-in"}${behalf}`,
    summary: `${extra.onBehalfOf ? `On behalf of ${extra.onBehalfOf}: ` : ""}${
      answered
        ? `Thanks — your check-in on ${what} is recorded`
        : kind === "reminder"
          ? `Reminder: are you still actively sponsoring ${what}?`
          : `Are you still actively sponsoring ${what}?`
    }`,
    tone: answered ? "success" : "info",
    sections,
    context: `${
      extra.onBehalfOf
        ? `A copy for you as ${extra.onBehalfOf}'s delegate: your answer is recorded as delegated, and theirs wins. `
        : ""
    }${
      answered
        ? `You can change your answer until ${day(closes, tz)}.`
        : `One tap is enough; confidence and a note are optional. Open until ${day(closes, tz)}.`
    }`,
  };
}
