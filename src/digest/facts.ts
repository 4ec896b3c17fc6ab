/**
 * The rows the digest store reads (db/repositories/digest-sql.ts) and the facts the core makes of them
 * (src/digest/load.ts) before they become a `DigestInput`. Declared here so the core owns the shape and
 * the assembly stays testable without SQL.
 */

import type { Stage } from "../domain/stages.js";
import type { InitiativeStatus } from "../domain/types.js";
import type { SponsorWeeks, StoredCheckin } from "../engagement/facts.js";
import type { DigestEscalation, DigestSnapshot } from "./model.js";

export interface InitiativeFact {
  id: number;
  slug: string;
  name: string;
  stage: Stage;
  status: InitiativeStatus;
  statusReason: string | null;
  cadence: string;
  stageEnteredAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleFact {
  initiativeId: number;
  role: "sponsor" | "lead";
  personId: number;
  name: string;
  tz: string | null;
  since: Date;
}

export interface StageMoveFact {
  initiativeId: number;
  from: Stage | null;
  to: Stage;
  by: string | null;
  note: string | null;
  forcedReason: string | null;
  at: Date;
}

export interface CheckinRowFact extends StoredCheckin {
  initiativeId: number;
  sponsorPersonId: number;
  dueAt: Date;
  status: "open" | "answered" | "missed" | "cancelled";
  choice: "active" | "limited" | "handover" | null;
  confidence: number | null;
  note: string | null;
  answeredAt: Date | null;
  answeredByPersonId: number | null;
  answeredBy: string | null;
  /**
   * Answered by someone other than its sponsor. The loaders set it, so the row is the engagement's
   * `CheckinFact` as is (no copy of 40,000 rows); absent, the engagement works it out.
   */
  delegated?: boolean;
}

export interface EscalationFact {
  initiativeId: number;
  level: DigestEscalation["level"];
  createdAt: Date;
  ackedAt: Date | null;
  snoozedUntil: Date | null;
  resolvedAt: Date | null;
}

/** The sponsors in scope, for the sponsors' weeks: open initiatives and their current sponsors. */
export interface SponsorScope {
  initiativeIds: number[];
  sponsors: { personId: number; name: string }[];
}

/**
 * What sponsors' real weeks add to the digest's engagement: time away and overdue asks. With them the
 * engagement is the one `/initiative show` and the escalation job give (26 weeks of check-ins, the
 * bot's default zone when neither sponsor nor workspace has one).
 */
export interface SponsorFacts extends SponsorWeeks {
  defaultTz: string;
}

/** The initiatives and sponsors whose weeks the digest reads, from the store's initiatives and roles. */
export function sponsorScope(initiatives: InitiativeFact[], roles: RoleFact[]): SponsorScope {
  const open = initiatives.filter((i) => i.status !== "closed");
  const ids = new Set(open.map((i) => i.id));
  const sponsors = new Map<number, string>();
  for (const r of roles)
    if (r.role === "sponsor" && ids.has(r.initiativeId)) sponsors.set(r.personId, r.name);
  return {
    initiativeIds: open.map((i) => i.id),
    sponsors: [...sponsors].map(([personId, name]) => ({ personId, name })),
  };
}

export interface DigestFacts {
  workspace: { name: string | null; tz: string | null; settings: string };
  /** Active and paused initiatives in scope, plus those closed during the period. */
  initiatives: InitiativeFact[];
  roles: RoleFact[];
  /** Stage moves during the period. */
  stageMoves: StageMoveFact[];
  /**
   * Check-ins due before `now`: every initiative's of the last 8 weeks (the trend; back to `since` if
   * earlier), and those of the 26-week engagement look-back where they can change the engagement
   * (engagement-window.ts).
   */
  checkins: CheckinRowFact[];
  /** The last answer of initiatives with none in those weeks (so "no answer since" is right). */
  lastAnswers: { initiativeId: number; answeredAt: Date }[];
  /** Open escalations, and those created or resolved during the period. */
  escalations: EscalationFact[];
  /** The previous digest's snapshot per PMO channel in scope (summed for a workspace-wide digest). */
  previousSnapshots: DigestSnapshot[];
  /** Time away and overdue asks, when the caller reads them (the bot does; the bare loader does not). */
  sponsors?: SponsorFacts;
}

/** A stage move as stored (stage keys as text: one that is not a stage any more is left out). */
export interface StoredStageMove extends Omit<StageMoveFact, "from" | "to"> {
  from: string | null;
  to: string;
}

/** What the digest store reads for one workspace (and PMO channel) in one call. */
export interface DigestRows {
  workspace: DigestFacts["workspace"];
  /** Active and paused initiatives in scope, plus those closed during the period. */
  initiatives: InitiativeFact[];
  /** Current roles of the open ones, oldest first (then by name). */
  roles: RoleFact[];
  /** Stage moves during the period. */
  stageMoves: StoredStageMove[];
  /** Check-ins due in [checkinsFrom, now) of the initiatives in scope; `answeredBy` is not filled. */
  checkins: CheckinRowFact[];
  escalations: EscalationFact[];
  /** Stored snapshots before now, latest first: every PMO channel's in scope. */
  snapshots: { channelId: string; snapshot: string }[];
  /** Sponsors whose latest check-in could not be delivered (the bot is not installed for them). */
  sponsorsWithoutBot?: number;
}
