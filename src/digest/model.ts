/**
 * The weekly PMO digest: what the builder needs (`DigestInput`, plain facts already scoped to one
 * workspace and PMO channel) and what it produces (`Digest`, structured sections every renderer reads).
 */
import { z } from "zod";
import type { Chart } from "../core/chart.js";
import { STAGES, type Stage } from "../domain/stages.js";
import type { InitiativeStatus } from "../domain/types.js";
import { ENGAGEMENT_STATES, type EngagementState } from "../engagement/model.js";
import type { WeekCounts } from "../engagement/weekly.js";
import type { ResponseTrend } from "./sections/response.js";

// Re-exported so digest callers need one import; the engagement model owns the list.
export { ENGAGEMENT_STATES, type EngagementState };

/** States that need a sponsor conversation (the digest's "needs attention"). */
export const ATTENTION_STATES: readonly EngagementState[] = ["lapsing", "lapsed", "unsponsored"];

export interface DigestEngagement {
  state: EngagementState;
  /** Human-readable, with dates, as the engagement model explains them. */
  reasons: string[];
}

export interface DigestInitiative {
  id: number;
  slug: string;
  name: string;
  stage: Stage;
  status: InitiativeStatus;
  stageEnteredAt: Date;
  sponsorNames: string[];
  leadNames: string[];
  engagement: DigestEngagement;
  /** The sponsor is away until then (an away notice); no chasing before. */
  awayUntil?: Date;
}

export interface DigestStageMove {
  slug: string;
  name: string;
  from: Stage | null;
  to: Stage;
  by: string | null;
  note: string | null;
  forcedReason?: string | null;
  at: Date;
}

export interface DigestStateChange {
  slug: string;
  name: string;
  /** A new lapse (entered lapsing/lapsed/unsponsored) or a recovery (the sponsor answered again). */
  kind: "lapse" | "recovery";
  state: EngagementState;
  at: Date;
}

export interface DigestLifecycleEvent {
  slug: string;
  name: string;
  at: Date;
  /** Why it closed (delivered, stopped…); absent for additions. */
  reason?: string | null;
  stage?: Stage;
  by?: string | null;
}

export interface DigestEscalation {
  slug: string;
  name: string;
  level: "cooling" | "lapsing" | "lapsed" | "unsponsored";
  createdAt: Date;
  ackedAt?: Date | null;
  snoozedUntil?: Date | null;
}

export interface DigestCheckin {
  slug: string;
  dueAt: Date;
  status: "open" | "answered" | "missed" | "cancelled";
  confidence: number | null;
  answeredAt: Date | null;
}

/** A sponsor's free text of the period ("what do you need?"). */
export interface DigestNote {
  slug: string;
  name: string;
  by: string;
  text: string;
  at: Date;
}

/** An open `/ask` to a sponsor (optional until asks exist). */
export interface DigestAsk {
  slug: string;
  name: string;
  text: string;
  to: string;
  dueBy?: Date | null;
}

/** Asks in scope (issue 11): what is open, and how fast each sponsor decided over the window. */
export interface DigestDecisions {
  open: {
    count: number;
    overdue: number;
    oldest?: { slug: string; name: string; text: string; to: string; ageDays: number };
  };
  /** Sponsors with at least one ask answered (done or declined) in the window. */
  bySponsor: { name: string; decided: number; medianDays: number }[];
  windowDays: number;
}

export interface DigestInput {
  workspaceName: string;
  periodStart: Date;
  periodEnd: Date;
  /** Active and paused initiatives (closed ones appear only as events). */
  initiatives: DigestInitiative[];
  events: {
    stageMoves: DigestStageMove[];
    stateChanges: DigestStateChange[];
    added: DigestLifecycleEvent[];
    closed: DigestLifecycleEvent[];
  };
  openEscalations: DigestEscalation[];
  /** Check-ins due in the 8 weeks before `periodEnd`, for the trend when `response` is absent. */
  checkins: DigestCheckin[];
  /**
   * The response trend to `periodEnd`, counted by the loader as it reads the check-ins (then `checkins`
   * is empty: 40,000 objects at 5,000 initiatives that only fed these counts).
   */
  response?: ResponseTrend;
  notes: DigestNote[];
  previousSnapshot?: DigestSnapshot | null;
  openAsks?: DigestAsk[];
  decisions?: DigestDecisions;
  /** Sponsors who cannot receive check-ins because the bot is not installed for them. */
  sponsorsWithoutBot?: number;
  /** How many initiatives were in each state at the end of each of the last 8 weeks (the chart). */
  engagementWeeks?: WeekCounts[];
}

const countsOf = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative().default(0)])) as {
      [K in T[number]]: z.ZodDefault<z.ZodNumber>;
    },
  );

/** The counts stored with each posted digest (digests.snapshot) so the next one shows the change. */
export const DigestSnapshotSchema = z.object({
  version: z.literal(1).default(1),
  at: z.string().optional(),
  total: z.number().int().nonnegative(),
  paused: z.number().int().nonnegative().default(0),
  byStage: countsOf(STAGES),
  byState: countsOf(ENGAGEMENT_STATES),
});
export type DigestSnapshot = z.infer<typeof DigestSnapshotSchema>;

export type DigestSectionKey =
  | "welcome"
  | "attention"
  | "changes"
  | "stuck"
  | "portfolio"
  | "response"
  | "asks"
  | "decisions";

/** One line of a section. `slug`/`name` name the initiative so every renderer can make it findable. */
export interface DigestLine {
  slug?: string;
  name?: string;
  /** Plain text (no markup); user-written text is quoted, never interpreted. */
  text: string;
}

export interface DigestSection {
  key: DigestSectionKey;
  title: string;
  lines: DigestLine[];
  /** Lines left out by the cap; the renderers say "and N more — full list: `sponsor-pulse export`". */
  more: number;
}

export interface Digest {
  workspaceName: string;
  /** ISO 8601 (UTC), so the JSON rendering is stable. */
  periodStart: string;
  periodEnd: string;
  headline: string;
  /** True when there is nothing in the portfolio and nothing happened: a short friendly digest. */
  empty: boolean;
  sections: DigestSection[];
  /** The portfolio's engagement over the last weeks, when the input had them (`engagementWeeks`). */
  chart?: Chart;
  /** What to store in `digests.snapshot` for next week. */
  snapshot: DigestSnapshot;
}

/** A stored snapshot, or undefined when it is missing or unreadable (the digest then shows no change). */
export function parseSnapshot(json: string): DigestSnapshot | undefined {
  try {
    const parsed = DigestSnapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
