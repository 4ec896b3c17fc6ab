import type { Platform } from "../core/platform.js";
import type { Stage } from "./stages.js";

export const STATUSES = ["active", "paused", "closed"] as const;
export type InitiativeStatus = (typeof STATUSES)[number];

export interface Workspace {
  id: string;
  platform: Platform;
  name: string | null;
  defaultChannel: string | null;
  tz: string | null;
  /** Raw JSON; parsed by the engagement settings schema where used. */
  settings: string;
}

export interface Person {
  id: number;
  workspaceId: string;
  userId: string;
  displayName: string;
  tz: string | null;
  country: string | null;
  isBot: boolean;
}

export interface Initiative {
  id: number;
  workspaceId: string;
  slug: string;
  name: string;
  stage: Stage;
  status: InitiativeStatus;
  statusReason: string | null;
  cadence: string;
  pmoChannel: string | null;
  successMetric: string | null;
  dataReadiness: string | null;
  stageEnteredAt: Date;
  createdAt: Date;
  updatedAt: Date;
  nextCheckinAt: Date | null;
  sponsors: Person[];
  leads: Person[];
  /** When the current sponsor was named (null: no sponsor). */
  sponsorSince: Date | null;
}

export interface StageMove {
  id: number;
  initiativeId: number;
  fromStage: Stage | null;
  toStage: Stage;
  by: string | null;
  note: string | null;
  forcedReason: string | null;
  platform: string;
  at: Date;
}

export interface AuditEntry {
  id: number;
  workspaceId: string;
  at: Date;
  actor: string;
  platform: string;
  action: string;
  initiative: string | null;
  details: Record<string, unknown>;
}

/** Who did a change, for the audit log written in the same transaction. */
export interface AuditContext {
  actor: Person | null;
  /** Shown when there is no person (e.g. "cli", "scheduler"). */
  label?: string;
  platform: Platform | "cli" | "system";
  at: Date;
}
