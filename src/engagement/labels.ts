import type { Tone } from "../core/message.js";
import type { Engagement, EngagementState } from "./model.js";

export const STATE_LABEL: Record<EngagementState, string> = {
  engaged: "Engaged",
  cooling: "Cooling",
  lapsing: "Lapsing",
  lapsed: "Lapsed",
  unsponsored: "Unsponsored",
};

/** Emoji-free, fixed-looking badges for list and show lines (they read the same on every platform). */
export const STATE_BADGE: Record<EngagementState, string> = {
  engaged: "[engaged]",
  cooling: "[cooling]",
  lapsing: "[LAPSING]",
  lapsed: "[LAPSED]",
  unsponsored: "[NO SPONSOR]",
};

export const STATE_TONE: Record<EngagementState, Tone> = {
  engaged: "success",
  cooling: "warning",
  lapsing: "warning",
  lapsed: "danger",
  unsponsored: "danger",
};

export function stateBadge(state: EngagementState): string {
  return STATE_BADGE[state];
}

/** "Cooling: missed the check-in of 2026-11-02; said on … they have limited time". */
export function engagementLine(engagement: Pick<Engagement, "state" | "reasons">): string {
  const label = STATE_LABEL[engagement.state];
  return engagement.reasons.length ? `${label}: ${engagement.reasons.join("; ")}` : label;
}
