import type { OutboxMessage } from "../ports/checkin-store.js";
import type { CheckinRowFact, DigestRows } from "./facts.js";

export interface DigestLoadOptions {
  now: Date;
  since: Date;
  /** One PMO channel's initiatives (those without a channel belong to the default one); all when absent. */
  channelId?: string;
  /** Check-ins due from then on are read with the portfolio; `since` when absent. */
  checkinsFrom?: Date;
  /**
   * Only what the portfolio's weeks read (portfolio-weeks.ts): the open initiatives, their roles and
   * check-ins, notes left out (null); stage moves, escalations and snapshots are not read (empty).
   */
  weeksOnly?: boolean;
}

/**
 * The digest's reads: plain rows, in a few set-based queries whatever the portfolio's size. What they
 * mean (engagement, events, the recent window) is the core's business (src/digest/load.ts).
 */
export interface DigestReads {
  /** The workspace's portfolio in scope; a PulseError "not_found" for an unknown workspace. */
  load(workspaceId: string, options: DigestLoadOptions): Promise<DigestRows>;
  /**
   * Per initiative, the latest instant an answer to one of its check-ins due in [dueFrom, dueTo) was
   * known (answered at, else due at), among those known in [knownFrom, knownTo].
   */
  answersKnown(
    workspaceId: string,
    range: { dueFrom: Date; dueTo: Date; knownFrom: Date; knownTo: Date },
  ): Promise<{ initiativeId: number; at: Date }[]>;
  /** These initiatives' check-ins due in [from, to); `answeredBy` is not filled. */
  checkinsOf(
    workspaceId: string,
    initiativeIds: number[],
    due: { from: Date; to: Date },
  ): Promise<CheckinRowFact[]>;
  /** The latest answer before `before` of each of these initiatives that has one. */
  lastAnswers(
    workspaceId: string,
    initiativeIds: number[],
    before: Date,
  ): Promise<{ initiativeId: number; answeredAt: Date }[]>;
  /** Display names of these people. */
  names(workspaceId: string, personIds: number[]): Promise<{ id: number; name: string }[]>;
}

/** The exactly-once record of posting a digest. */
export interface DigestPosts {
  /** PMO channels with initiatives in scope: their own channel, or the workspace default. */
  channels(workspaceId: string): Promise<string[]>;
  lastPostedAt(workspaceId: string, channelId: string): Promise<Date | null>;
  /**
   * Records the digest of a period for a channel together with its outbox message, once: false when
   * that period's digest already exists (a second tick, another process).
   */
  save(
    input: { workspaceId: string; channelId: string; periodKey: string; snapshot: string; at: Date },
    message: OutboxMessage,
  ): Promise<boolean>;
  periodDone(workspaceId: string, periodKey: string): Promise<boolean>;
  markPeriodDone(workspaceId: string, periodKey: string, at: Date): Promise<void>;
}

/** Storage side of the weekly digest: the rows it reads and the record of posting. */
export interface DigestStore extends DigestReads, DigestPosts {}
