import type { AuditContext } from "../domain/types.js";
import type { OutboxMessage } from "./checkin-store.js";

export const ASK_STATUSES = ["open", "info", "done", "declined", "closed", "cancelled"] as const;
export type AskStatus = (typeof ASK_STATUSES)[number];
/** Still waiting on the sponsor ("info": they asked for more information, the ask stays open). */
export const OPEN_ASK_STATUSES: readonly AskStatus[] = ["open", "info"];

export interface Ask {
  id: number;
  workspaceId: string;
  initiativeId: number;
  sponsorPersonId: number;
  createdByPersonId: number | null;
  text: string;
  dueAt: Date | null;
  createdAt: Date;
  status: AskStatus;
  response: string | null;
  respondedAt: Date | null;
  respondedByPersonId: number | null;
  closedAt: Date | null;
}

export interface NewAsk {
  workspaceId: string;
  initiativeId: number;
  sponsorPersonId: number;
  text: string;
  dueAt: Date | null;
}

export interface AskFilter {
  initiativeIds?: number[];
  sponsorPersonIds?: number[];
  statuses?: readonly AskStatus[];
  /** Only asks answered (done or declined) at or after this instant. */
  respondedSince?: Date;
}

/** Storage of asks. Each write is one transaction with its audit entry and its messages. */
export interface AskStore {
  createAsk(input: NewAsk, audit: AuditContext, outbox: (ask: Ask) => OutboxMessage[]): Promise<Ask>;
  getAsk(workspaceId: string, id: number): Promise<Ask | undefined>;
  listAsks(workspaceId: string, filter?: AskFilter): Promise<Ask[]>;
  /**
   * The sponsor's answer (done, declined, info) or the lead's close/cancel. Only an open ask changes
   * (checked in the same transaction); returns undefined when it was no longer open.
   */
  settle(
    workspaceId: string,
    id: number,
    change: { status: Exclude<AskStatus, "open">; response: string | null },
    audit: AuditContext,
    outbox: OutboxMessage[],
  ): Promise<Ask | undefined>;
}

/** An open ask that now waits on another sponsor, and who it waited on before. */
export interface HandedOverAsk {
  ask: Ask;
  fromPersonId: number;
}

/**
 * What happens to open asks when an initiative's sponsors change: those addressed to someone no
 * longer its sponsor now wait on `toPersonId` (one of the new sponsors), keeping their due date and
 * history. The portfolio store applies it in the sponsor change's own transaction, audits each move,
 * and writes the messages `outbox` builds from the moved asks (called only when some moved).
 */
export interface AskHandOver {
  toPersonId: number;
  outbox(moved: HandedOverAsk[]): OutboxMessage[];
}
