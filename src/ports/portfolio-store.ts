import type { Platform } from "../core/platform.js";
import type { Stage } from "../domain/stages.js";
import type {
  AuditContext,
  AuditEntry,
  Initiative,
  InitiativeStatus,
  Person,
  StageMove,
  Workspace,
} from "../domain/types.js";
import type { AskHandOver } from "./ask-store.js";

/** What resolving `<initiative>` needs: the portfolio's names without its roles and state. */
export type InitiativeName = Pick<Initiative, "id" | "slug" | "name">;

export interface NewInitiative {
  workspaceId: string;
  name: string;
  slug: string;
  stage: Stage;
  cadence: string;
  pmoChannel: string | null;
  successMetric: string | null;
  dataReadiness: string | null;
  sponsorIds: number[];
  leadIds: number[];
  nextCheckinAt: Date | null;
}

export interface InitiativePatch {
  name?: string;
  slug?: string;
  successMetric?: string | null;
  dataReadiness?: string | null;
  cadence?: string;
  pmoChannel?: string | null;
  nextCheckinAt?: Date | null;
  /** Replaces the initiative's sponsors (an empty list leaves it unsponsored). */
  sponsorIds?: number[];
  leadIds?: number[];
}

export interface ProfileUpdate {
  displayName?: string;
  tz?: string | null;
  isBot?: boolean;
}

/**
 * The portfolio's storage port. Every write runs in one transaction together with its audit entry;
 * every read is scoped to one workspace. Promises even on SQLite, so another database can slot in.
 */
export interface PortfolioStore {
  ensureWorkspace(id: string, platform: Platform, at: Date): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | undefined>;
  listWorkspaces(): Promise<Workspace[]>;
  updateWorkspace(
    id: string,
    patch: { defaultChannel?: string | null; tz?: string | null; settings?: string },
    audit: AuditContext,
  ): Promise<Workspace>;

  /** Creates the person on first sight; updates name/time zone when given. */
  upsertPerson(workspaceId: string, userId: string, profile: ProfileUpdate, at: Date): Promise<Person>;
  findPerson(workspaceId: string, userId: string): Promise<Person | undefined>;
  getPerson(workspaceId: string, personId: number): Promise<Person | undefined>;

  isAdmin(workspaceId: string, personId: number): Promise<boolean>;
  listAdmins(workspaceId: string): Promise<Person[]>;
  /** Returns false when nothing changed (already an admin, or not one). */
  setAdmin(workspaceId: string, personId: number, admin: boolean, audit: AuditContext): Promise<boolean>;

  listInitiatives(workspaceId: string): Promise<Initiative[]>;
  /** Id, slug and name of every initiative (in listInitiatives' order): resolving a name needs no more. */
  initiativeNames?(workspaceId: string): Promise<readonly InitiativeName[]>;
  getInitiative(workspaceId: string, id: number): Promise<Initiative | undefined>;
  /** The ones of these that exist, in no particular order: one read for a batch (the planner's). */
  getInitiatives(workspaceId: string, ids: readonly number[]): Promise<Initiative[]>;
  /** Initiatives where the person is sponsor or lead. */
  initiativesOf(workspaceId: string, personId: number): Promise<Initiative[]>;
  createInitiative(input: NewInitiative, audit: AuditContext): Promise<Initiative>;
  /** All or nothing: one transaction for the whole batch. */
  createInitiatives(inputs: NewInitiative[], audit: AuditContext): Promise<Initiative[]>;
  /**
   * With `handOver`, a change of `sponsorIds` also hands the open asks of former sponsors to a new
   * one (with its message), in the same transaction; without sponsors left, asks stay where they are.
   */
  updateInitiative(
    workspaceId: string,
    id: number,
    patch: InitiativePatch,
    audit: AuditContext,
    action: string,
    handOver?: AskHandOver,
  ): Promise<Initiative>;
  moveStage(
    workspaceId: string,
    id: number,
    move: { from: Stage; to: Stage; note: string | null; forcedReason: string | null },
    audit: AuditContext,
  ): Promise<Initiative>;
  setStatus(
    workspaceId: string,
    id: number,
    status: InitiativeStatus,
    reason: string | null,
    audit: AuditContext,
  ): Promise<Initiative>;

  /** Scheduler bookkeeping, not audited: when the next check-in is due. */
  setNextCheckin(initiativeId: number, slot: { at: Date; periodKey: string } | null): Promise<void>;

  stageHistory(workspaceId: string, initiativeId: number): Promise<StageMove[]>;
  auditLog(workspaceId: string): Promise<AuditEntry[]>;
}
