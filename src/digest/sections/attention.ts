/** "Needs attention": initiatives that need a sponsor conversation, open escalations, overdue asks. */

import { ago, compareSlugs, names, plural, quote, shortDate } from "../format.js";
import {
  ATTENTION_STATES,
  type DigestEscalation,
  type DigestInitiative,
  type DigestInput,
  type DigestLine,
  type EngagementState,
} from "../model.js";
import type { DigestSettings } from "../settings.js";

const SEVERITY: Record<EngagementState, number> = {
  lapsed: 0,
  unsponsored: 1,
  lapsing: 2,
  cooling: 3,
  engaged: 4,
};

/** The suggested next action, per the escalation ladder (re-brief, find a new sponsor, pause). */
export function nextAction(initiative: DigestInitiative, now: Date): string {
  if (initiative.awayUntil && initiative.awayUntil > now)
    return "wait until the sponsor is back, then re-brief";
  const reasons = initiative.engagement.reasons.join(" ").toLowerCase();
  switch (initiative.engagement.state) {
    case "unsponsored":
      return "name a sponsor or pause the initiative";
    case "lapsed":
      return /hand(ed)? ?over/.test(reasons)
        ? "find a new sponsor"
        : "re-brief the sponsor, find a new sponsor, or pause";
    case "lapsing":
      return "ask the lead to meet the sponsor this week";
    default:
      return "keep an eye on it";
  }
}

/** True when the initiative itself is in a state that needs the PMO (paused ones are parked on purpose). */
export function needsConversation(initiative: DigestInitiative): boolean {
  return initiative.status === "active" && ATTENTION_STATES.includes(initiative.engagement.state);
}

function escalationNote(escalation: DigestEscalation | undefined, now: Date, zone: string): string {
  if (!escalation) return "";
  const parts = [`escalated ${ago(escalation.createdAt, now)}`];
  if (escalation.snoozedUntil && escalation.snoozedUntil > now) {
    parts.push(`snoozed until ${shortDate(escalation.snoozedUntil, now, zone)}`);
  } else if (escalation.ackedAt) parts.push("acknowledged");
  return ` · ${parts.join(", ")}`;
}

function isSnoozed(escalation: DigestEscalation | undefined, now: Date): boolean {
  return Boolean(escalation?.snoozedUntil && escalation.snoozedUntil > now);
}

/** The oldest open escalation per initiative (the start of what the PMO has been told about). */
function oldestEscalations(escalations: DigestEscalation[]): Map<string, DigestEscalation> {
  const map = new Map<string, DigestEscalation>();
  for (const e of escalations) {
    const seen = map.get(e.slug);
    if (!seen || e.createdAt < seen.createdAt) map.set(e.slug, e);
  }
  return map;
}

export function attentionLines(input: DigestInput, now: Date, settings: DigestSettings): DigestLine[] {
  const zone = settings.timeZone;
  const paused = new Set(input.initiatives.filter((i) => i.status !== "active").map((i) => i.slug));
  const escalations = oldestEscalations(input.openEscalations.filter((e) => !paused.has(e.slug)));

  const flagged = input.initiatives.filter(needsConversation).sort((a, b) => {
    const ea = escalations.get(a.slug);
    const eb = escalations.get(b.slug);
    return (
      Number(isSnoozed(ea, now)) - Number(isSnoozed(eb, now)) ||
      SEVERITY[a.engagement.state] - SEVERITY[b.engagement.state] ||
      (ea?.createdAt.getTime() ?? now.getTime()) - (eb?.createdAt.getTime() ?? now.getTime()) ||
      compareSlugs(a.slug, b.slug)
    );
  });
  const lines: DigestLine[] = [];
  // One aggregated line, first, so the cap never hides it.
  const noBot = input.sponsorsWithoutBot ?? 0;
  if (noBot > 0) {
    lines.push({
      text: `${plural(noBot, "sponsor")} cannot get check-ins: the bot is not installed for them`,
    });
  }
  for (const i of flagged) {
    const reasons = i.engagement.reasons.length ? `: ${i.engagement.reasons.join("; ")}` : "";
    const away = i.awayUntil && i.awayUntil > now ? ` (away until ${shortDate(i.awayUntil, now, zone)})` : "";
    const sponsor = i.engagement.state === "unsponsored" ? "" : ` · sponsor ${names(i.sponsorNames)}${away}`;
    const escalation = escalationNote(escalations.get(i.slug), now, zone);
    lines.push({
      slug: i.slug,
      name: i.name,
      text: `${i.engagement.state}${reasons}${sponsor}${escalation} → ${nextAction(i, now)}`,
    });
  }

  // Escalations still open for initiatives not flagged above (e.g. cooling, or state already improving).
  const listed = new Set(flagged.map((i) => i.slug));
  const others = [...escalations.values()]
    .filter((e) => !listed.has(e.slug) && !isSnoozed(e, now))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareSlugs(a.slug, b.slug));
  for (const e of others) {
    lines.push({
      slug: e.slug,
      name: e.name,
      text: `open ${e.level} escalation${escalationNote(e, now, zone)}`,
    });
  }

  for (const ask of input.openAsks ?? []) {
    if (!ask.dueBy || ask.dueBy >= now) continue;
    lines.push({
      slug: ask.slug,
      name: ask.name,
      text: `ask to ${ask.to} overdue since ${shortDate(ask.dueBy, now, zone)}: ${quote(ask.text, 120)}`,
    });
  }

  return lines;
}
