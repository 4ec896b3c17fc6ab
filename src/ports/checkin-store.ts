import type { Message } from "../core/message.js";
import type { Platform, Target } from "../core/platform.js";
import type { AuditContext } from "../domain/types.js";
import type { CheckinChoice, CheckinStatus } from "../engagement/model.js";

export interface Checkin {
  id: number;
  workspaceId: string;
  initiativeId: number;
  sponsorPersonId: number;
  periodKey: string;
  dueAt: Date;
  windowClosesAt: Date;
  remindAt: Date | null;
  remindedAt: Date | null;
  status: CheckinStatus;
  choice: CheckinChoice | null;
  confidence: number | null;
  note: string | null;
  answeredAt: Date | null;
  answeredByPersonId: number | null;
  /** Ref of the delivered prompt (for updating it in place), once sent. */
  messageRef: string | null;
}

export interface DueSlot {
  initiativeId: number;
  workspaceId: string;
  dueAt: Date;
  periodKey: string | null;
}

export interface NewCheckin {
  initiativeId: number;
  periodKey: string;
  dueAt: Date;
  windowClosesAt: Date;
  remindAt: Date | null;
  /** The initiative's following slot, stored in the same transaction. */
  next: { at: Date; periodKey: string } | null;
}

/** One proactive message, written to the outbox. */
export interface OutboxMessage {
  workspaceId: string;
  platform: Platform;
  target: Target;
  dedupeKey: string;
  purpose: string;
  message: Message;
}

export interface OutboxRow extends OutboxMessage {
  id: number;
  attempts: number;
  status: "pending" | "sending" | "sent" | "failed";
}

export interface AnswerPatch {
  choice?: CheckinChoice;
  confidence?: number;
  note?: string;
}

export interface EscalationRecord {
  id: number;
  initiativeId: number;
  episode: Date;
  level: string;
  reasons: string[];
  createdAt: Date;
  ackedAt: Date | null;
  snoozedUntil: Date | null;
  resolvedAt: Date | null;
}

/**
 * Storage of check-ins, answers, escalations and the outbox. Every method is one transaction; a
 * method that sends something writes its outbox rows in that same transaction.
 */
export interface CheckinStore {
  /** Active, sponsored initiatives whose next slot is due by `now`. Uses the next_checkin_at index. */
  dueSlots(now: Date, limit: number): Promise<DueSlot[]>;
  /** Stores the next slot without creating a check-in (a stale slot skipped after downtime). */
  advance(initiativeId: number, next: { at: Date; periodKey: string } | null): Promise<void>;
  /**
   * Creates the sponsor's check-ins (one per initiative and period; existing ones are skipped) and,
   * when any is new, the messages built from them, in the same transaction: the sponsor's prompt
   * first (the check-ins point at it), then its copies (the delegate's). Returns the new check-ins.
   */
  createBatch(
    batch: { workspaceId: string; sponsorPersonId: number; items: NewCheckin[]; at: Date },
    outbox: (created: Checkin[]) => [prompt: OutboxMessage, ...copies: OutboxMessage[]],
  ): Promise<Checkin[]>;

  /** Open check-ins whose reminder is due and whose window is still open. */
  remindersDue(now: Date, limit: number): Promise<Checkin[]>;
  /** Marks them reminded (only those not yet reminded) and enqueues the reminder. */
  markReminded(ids: number[], at: Date, outbox: OutboxMessage): Promise<number>;
  /** Open check-ins whose window closed by `now` become missed; returns them. */
  closeMissed(now: Date): Promise<Checkin[]>;

  getCheckin(workspaceId: string, id: number): Promise<Checkin | undefined>;
  /** The check-ins delivered in the same message as this one (itself included). */
  siblings(workspaceId: string, id: number): Promise<Checkin[]>;
  openCheckinsOf(workspaceId: string, personId: number, now: Date): Promise<Checkin[]>;
  /** The check-ins of these initiatives due since `since`, oldest first. */
  history(workspaceId: string, initiativeIds: number[], since: Date): Promise<Checkin[]>;
  lastAnswerAt(workspaceId: string, initiativeId: number, sponsorPersonIds: number[]): Promise<Date | null>;
  /**
   * Records an answer (merged into the current one), keeps the version in the history unless it
   * repeats the current answer, resolves the initiative's open escalations, and audits it.
   * Returns the updated check-in and whether anything changed.
   */
  recordAnswer(
    workspaceId: string,
    checkinId: number,
    patch: AnswerPatch,
    audit: AuditContext,
    extra?: OutboxMessage[],
  ): Promise<{ checkin: Checkin; changed: boolean }>;

  escalations(workspaceId: string, initiativeIds: number[]): Promise<EscalationRecord[]>;
  /** Inserts the step (unique per initiative, episode and level) with its messages; false if it existed. */
  createEscalation(
    input: {
      workspaceId: string;
      initiativeId: number;
      episode: Date;
      level: string;
      reasons: string[];
      at: Date;
    },
    messages: OutboxMessage[],
  ): Promise<boolean>;
  /** Resolves open escalations of an initiative (its sponsor answered, or it is no longer active). */
  resolveEscalations(workspaceId: string, initiativeId: number, at: Date): Promise<number>;
  ackEscalations(workspaceId: string, initiativeId: number, audit: AuditContext): Promise<number>;
  snoozeEscalations(
    workspaceId: string,
    initiativeId: number,
    until: Date,
    audit: AuditContext,
  ): Promise<number>;

  /** Enqueues messages in one transaction (duplicates by dedupe key are ignored). */
  enqueue(messages: OutboxMessage[], at: Date): Promise<void>;
  /** Claims pending rows due by `now` (status → sending, attempts + 1). */
  claim(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Rows left in `sending` by a crash. */
  interrupted(): Promise<OutboxRow[]>;
  markSent(id: number, ref: string, at: Date): Promise<void>;
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Failed deliveries because the person could not be reached (e.g. bot not installed). */
  unreachable(workspaceId: string): Promise<{ targetId: string; purpose: string }[]>;
}
