/**
 * Row → domain mapping shared by the repositories of both dialects: the PostgreSQL tables mirror these
 * columns with the same types (times as millisecond numbers), so one mapper serves both.
 */

import type { Message } from "../../src/core/message.js";
import type { Platform } from "../../src/core/platform.js";
import type { Stage } from "../../src/domain/stages.js";
import type { Initiative, Person, Workspace } from "../../src/domain/types.js";
import type { CheckinChoice } from "../../src/engagement/model.js";
import type { Ask } from "../../src/ports/ask-store.js";
import type { Checkin, EscalationRecord, OutboxRow } from "../../src/ports/checkin-store.js";
import type { NewInitiative } from "../../src/ports/portfolio-store.js";
import type { AwayRecord } from "../../src/ports/sponsor-store.js";
import type {
  asks,
  awayPeriods,
  checkins,
  escalations,
  initiatives,
  outbox,
  people,
  workspaces,
} from "../schema.js";

type CheckinRow = typeof checkins.$inferSelect;

/** A nullable millisecond column as a Date. */
export const date = (ms: number | null) => (ms === null ? null : new Date(ms));

export type PersonRow = typeof people.$inferSelect;
export type InitiativeRow = typeof initiatives.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    displayName: row.displayName,
    tz: row.tz,
    country: row.country,
    // SQLite's raw rows (the executor's) hold booleans as 0/1.
    isBot: Boolean(row.isBot),
  };
}

export function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    platform: row.platform as Platform,
    name: row.name,
    defaultChannel: row.defaultChannel,
    tz: row.tz,
    settings: row.settings,
  };
}

export function toInitiative(
  row: InitiativeRow,
  sponsors: Person[],
  leads: Person[],
  sponsorSince: number | null = null,
): Initiative {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    slug: row.slug,
    name: row.name,
    stage: row.stage as Stage,
    status: row.status,
    statusReason: row.statusReason,
    cadence: row.cadence,
    pmoChannel: row.pmoChannel,
    successMetric: row.successMetric,
    dataReadiness: row.dataReadiness,
    stageEnteredAt: new Date(row.stageEnteredAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    nextCheckinAt: row.nextCheckinAt === null ? null : new Date(row.nextCheckinAt),
    sponsors,
    leads,
    sponsorSince: sponsorSince === null ? null : new Date(sponsorSince),
  };
}

export function toAsk(r: typeof asks.$inferSelect): Ask {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    initiativeId: r.initiativeId,
    sponsorPersonId: r.sponsorPersonId,
    createdByPersonId: r.createdByPersonId,
    text: r.text,
    dueAt: date(r.dueAt),
    createdAt: new Date(r.createdAt),
    status: r.status,
    response: r.response,
    respondedAt: date(r.respondedAt),
    respondedByPersonId: r.respondedByPersonId,
    closedAt: date(r.closedAt),
  };
}

export function toCheckin(r: CheckinRow, messageRef: string | null = null): Checkin {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    initiativeId: r.initiativeId,
    sponsorPersonId: r.sponsorPersonId,
    periodKey: r.periodKey,
    dueAt: new Date(r.dueAt),
    windowClosesAt: new Date(r.windowClosesAt),
    remindAt: date(r.remindAt),
    remindedAt: date(r.remindedAt),
    status: r.status,
    choice: r.choice as CheckinChoice | null,
    confidence: r.confidence,
    note: r.note,
    answeredAt: date(r.answeredAt),
    answeredByPersonId: r.answeredByPersonId,
    messageRef,
  };
}

export function toEscalation(r: typeof escalations.$inferSelect): EscalationRecord {
  return {
    id: r.id,
    initiativeId: r.initiativeId,
    episode: new Date(r.episode),
    level: r.level,
    reasons: JSON.parse(r.reasons) as string[],
    createdAt: new Date(r.createdAt),
    ackedAt: r.ackedAt === null ? null : new Date(r.ackedAt),
    snoozedUntil: r.snoozedUntil === null ? null : new Date(r.snoozedUntil),
    resolvedAt: r.resolvedAt === null ? null : new Date(r.resolvedAt),
  };
}

export function toOutboxRow(r: typeof outbox.$inferSelect): OutboxRow {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    platform: r.platform as Platform,
    target: { kind: r.targetKind, id: r.targetId },
    dedupeKey: r.dedupeKey,
    purpose: r.purpose,
    message: JSON.parse(r.payload) as Message,
    attempts: r.attempts,
    status: r.status,
  };
}

export function toAway(r: typeof awayPeriods.$inferSelect): AwayRecord {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    personId: r.personId,
    from: new Date(r.fromAt),
    until: new Date(r.untilAt),
    note: r.note,
    createdAt: new Date(r.createdAt),
  };
}

/** A role row joined with its person, as both dialects load them (ordered by `since`, then name). */
export interface RoleRow {
  initiativeId: number;
  role: "sponsor" | "lead";
  since: number;
  person: PersonRow;
}

/** Initiatives with their sponsors, leads and the current sponsor's start, from one load of role rows. */
export function attachRoles(rows: InitiativeRow[], roleRows: RoleRow[]): Initiative[] {
  type Roles = { sponsors: Person[]; leads: Person[]; sponsorSince: number | null };
  const byId = new Map<number, Roles>(
    rows.map((r) => [r.id, { sponsors: [], leads: [], sponsorSince: null }]),
  );
  for (const r of roleRows) {
    const entry = byId.get(r.initiativeId);
    if (!entry) continue;
    if (r.role === "sponsor") {
      entry.sponsors.push(toPerson(r.person));
      entry.sponsorSince = Math.min(entry.sponsorSince ?? r.since, r.since);
    } else entry.leads.push(toPerson(r.person));
  }
  return rows.map((row) => {
    const roles = byId.get(row.id) ?? { sponsors: [], leads: [], sponsorSince: null };
    return toInitiative(row, roles.sponsors, roles.leads, roles.sponsorSince);
  });
}

/** The column values of a new initiative row (the same columns in both dialects). */
export function newInitiativeValues(input: NewInitiative, at: number) {
  return {
    workspaceId: input.workspaceId,
    slug: input.slug,
    name: input.name,
    nameKey: input.name.toLowerCase(),
    stage: input.stage,
    cadence: input.cadence,
    pmoChannel: input.pmoChannel,
    successMetric: input.successMetric,
    dataReadiness: input.dataReadiness,
    stageEnteredAt: at,
    createdAt: at,
    updatedAt: at,
    nextCheckinAt: input.nextCheckinAt?.getTime() ?? null,
  };
}
