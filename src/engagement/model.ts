/** The facts about an initiative's current sponsor that its engagement state is derived from. */

export const ENGAGEMENT_STATES = ["engaged", "cooling", "lapsing", "lapsed", "unsponsored"] as const;
export type EngagementState = (typeof ENGAGEMENT_STATES)[number];

export type CheckinStatus = "open" | "answered" | "missed" | "cancelled";
export type CheckinChoice = "active" | "limited" | "handover";

export interface CheckinFact {
  dueAt: Date;
  status: CheckinStatus;
  choice?: CheckinChoice | null;
  confidence?: number | null;
  answeredAt?: Date | null;
  /** Answered by the sponsor's delegate rather than the sponsor. */
  delegated?: boolean;
  /** Display name of who answered (used in the delegated-streak reason). */
  answeredBy?: string | null;
}

export interface AwayPeriod {
  from: Date;
  until: Date;
}

export interface OverdueAsks {
  count: number;
  oldestDays: number;
  /** When the oldest open ask became overdue; pass it so the episode key stays stable. */
  oldestDueAt?: Date;
}

export interface EngagementInput {
  hasSponsor: boolean;
  /** When the current sponsor was named; without a sponsor, when the initiative lost (or never had) one. */
  sponsorSince: Date;
  cadenceDays: number;
  /** The current sponsor's check-ins, oldest first. */
  checkins: CheckinFact[];
  /**
   * Sponsor away with no known start: the silence since their last answer does not count. Prefer `away`
   * when the periods are known.
   */
  awayUntil?: Date | null;
  /** Periods of time away (past, current or planned): misses and silence inside them do not count. */
  away?: AwayPeriod[];
  asksOverdue?: OverdueAsks | null;
  /** Zone the dates in reasons are written in (the sponsor's); UTC by default. */
  tz?: string;
}

/** What made the state; lets callers pick an action without parsing reason sentences. */
export type SignalKind =
  | "no_sponsor"
  | "handover"
  | "silence_lapsed"
  | "missed_run"
  | "silence_lapsing"
  | "missed"
  | "limited_time"
  | "confidence_drop"
  | "delegated_streak"
  | "asks_overdue";

export interface Engagement {
  state: EngagementState;
  /** Human sentences with dates (YYYY-MM-DD), most severe first; empty when engaged. */
  reasons: string[];
  /** First negative event of the current run (the escalation episode key); null when engaged. */
  episodeStart: Date | null;
  signals: SignalKind[];
}

const RANK: Record<EngagementState, number> = {
  engaged: 0,
  cooling: 1,
  lapsing: 2,
  lapsed: 3,
  unsponsored: 4,
};

export function stateRank(state: EngagementState): number {
  return RANK[state];
}
