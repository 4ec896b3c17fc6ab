import type { Button, Message, Section } from "../core/message.js";
import { STAGE_NAMES, type Stage } from "../domain/stages.js";
import { STATE_LABEL, STATE_TONE } from "./labels.js";
import { type Engagement, type EngagementState, stateRank } from "./model.js";

export type EscalationLevel = Exclude<EngagementState, "engaged">;
export type Audience = "sponsor" | "lead" | "pmo";

export interface EscalationStep {
  level: EscalationLevel;
  /** Who is told: the sponsor by DM, the lead(s) by DM, the PMO channel. */
  audiences: Audience[];
  kind: "sponsor_reminder" | "lead_and_pmo_notice" | "pmo_escalation";
}

/** The ladder of DESIGN.md: which step a state calls for (none when engaged). */
export function escalationStep(state: EngagementState): EscalationStep | null {
  switch (state) {
    case "engaged":
      return null;
    case "cooling":
      return { level: "cooling", audiences: ["sponsor"], kind: "sponsor_reminder" };
    case "lapsing":
      return { level: "lapsing", audiences: ["lead", "pmo"], kind: "lead_and_pmo_notice" };
    case "lapsed":
    case "unsponsored":
      return { level: state, audiences: ["pmo"], kind: "pmo_escalation" };
  }
}

/**
 * Each step once per episode: not again, and not after a higher step of the same episode (a lapsed
 * initiative whose sponsor says "limited time" does not earn a gentle reminder). Snoozed means quiet.
 */
export function shouldEscalate(opts: {
  level: EscalationLevel;
  alreadySentLevels: string[];
  snoozedUntil: Date | null;
  now: Date;
}): boolean {
  if (opts.snoozedUntil && opts.snoozedUntil.getTime() > opts.now.getTime()) return false;
  const rank = escalationRank(opts.level);
  return !opts.alreadySentLevels.some((sent) => escalationRank(sent) >= rank);
}

function escalationRank(level: string): number {
  // Lapsed and unsponsored are the same rung: the PMO escalation.
  if (level === "unsponsored") return stateRank("lapsed");
  return level === "cooling" || level === "lapsing" || level === "lapsed" ? stateRank(level) : -1;
}

/** The next action a person should take, from what caused the state. */
export function suggestedAction(engagement: Pick<Engagement, "state" | "signals">): string {
  const has = (kind: Engagement["signals"][number]) => engagement.signals.includes(kind);
  switch (engagement.state) {
    case "engaged":
      return "No action needed.";
    case "unsponsored":
      return "Find and name an executive sponsor, or pause the initiative until there is one.";
    case "lapsed":
      if (has("handover"))
        return "Find a new sponsor: the current one asked to hand over. Pause if none is found.";
      return "Re-brief the sponsor in person; if they cannot continue, find a new sponsor or pause the initiative.";
    case "lapsing":
      return "Lead: book a short re-brief with the sponsor (progress, risks, decisions needed) this week.";
    case "cooling":
      if (has("limited_time")) return "Agree a lighter cadence or an interim sponsor while time is short.";
      if (has("delegated_streak")) return "Ask the sponsor for a personal answer at the next check-in.";
      if (has("asks_overdue")) return "Put the overdue decisions in front of the sponsor.";
      if (has("confidence_drop"))
        return "Ask the sponsor what lowered their confidence and what would restore it.";
      return "Answer the next check-in; a reminder is enough for now.";
  }
}

export interface EscalationMessageInput {
  initiative: { name: string; slug: string; stage: Stage; daysInStage: number };
  sponsorName?: string;
  leadNames: string[];
  engagement: Pick<Engagement, "state" | "reasons" | "signals">;
  level: EscalationLevel;
}

const SUMMARY: Record<EscalationLevel, (name: string) => string> = {
  cooling: (name) => `A quick word about ${name}: the team would value hearing from you`,
  lapsing: (name) => `Sponsorship of ${name} is lapsing`,
  lapsed: (name) => `Sponsorship of ${name} has lapsed: PMO action needed`,
  unsponsored: (name) => `${name} has no sponsor: PMO action needed`,
};

/** The escalation in the neutral message model: why (reasons with dates) and what to do next. */
export function escalationMessage(input: EscalationMessageInput): Message {
  const { initiative, engagement, level } = input;
  const fields = [
    { label: "Stage", value: `${STAGE_NAMES[initiative.stage]} (${initiative.daysInStage} days)` },
    { label: "Sponsor", value: input.sponsorName ?? "none" },
    { label: "Lead", value: input.leadNames.length ? input.leadNames.join(", ") : "none" },
    { label: "Engagement", value: STATE_LABEL[engagement.state] },
  ];
  const sections: Section[] = [{ heading: `**${initiative.name}**`, fields }];
  if (engagement.reasons.length) sections.push({ heading: "Why", lines: engagement.reasons });
  const next: Section = { heading: "Suggested next step", text: suggestedAction(engagement) };
  // The sponsor's gentle reminder is not something they acknowledge; PMO-facing steps are.
  if (level !== "cooling") next.controls = escalationButtons(initiative.slug);
  sections.push(next);
  return {
    title: level === "cooling" ? "Check-in reminder" : `Escalation: ${STATE_LABEL[level].toLowerCase()}`,
    summary: SUMMARY[level](initiative.name),
    tone: level === "cooling" ? "info" : STATE_TONE[level],
    sections,
    context: `${initiative.slug} · ${level}`,
  };
}

function escalationButtons(slug: string): Button[] {
  return [
    { kind: "button", actionId: "escalation.ack", label: "Acknowledge", value: slug, style: "primary" },
    { kind: "button", actionId: "escalation.snooze", label: "Snooze 7 days", value: `${slug}:7` },
  ];
}
