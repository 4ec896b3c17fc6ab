/** Row → domain mapping shared by the repositories. */
import type { Platform } from "../../src/core/platform.js";
import type { Stage } from "../../src/domain/stages.js";
import type { Initiative, Person, Workspace } from "../../src/domain/types.js";
import type { initiatives, people, workspaces } from "../schema.js";

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
    isBot: row.isBot,
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
