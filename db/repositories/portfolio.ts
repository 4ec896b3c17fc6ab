import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { Stage } from "../../src/domain/stages.js";
import type { AuditContext, AuditEntry, Initiative, StageMove } from "../../src/domain/types.js";
import type { AskHandOver } from "../../src/ports/ask-store.js";
import type { InitiativePatch, NewInitiative, PortfolioStore } from "../../src/ports/portfolio-store.js";
import type { Db } from "../client.js";
import { auditLog, initiativeRoles, initiatives, people, stageHistory } from "../schema.js";
import { handOverAsks } from "./asks.js";
import { type Tx, writeAudit } from "./audit.js";
import { breathe } from "./breathe.js";
import { createDirectoryPart } from "./directory.js";
import { createInitiativeNames } from "./initiative-names.js";
import { attachRoles, type InitiativeRow, newInitiativeValues } from "./rows.js";
import { statements } from "./statements.js";

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    error.code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}

const roleColumns = {
  initiativeId: initiativeRoles.initiativeId,
  role: initiativeRoles.role,
  since: initiativeRoles.since,
  person: people,
};
const roleOrder = [asc(initiativeRoles.since), asc(people.displayName)];

/** What a single command reads and writes: one initiative, its people, a stage move. */
const hot = statements((db) => ({
  initiative: db
    .select()
    .from(initiatives)
    .where(
      and(
        eq(initiatives.workspaceId, sql.placeholder("workspaceId")),
        eq(initiatives.id, sql.placeholder("id")),
      ),
    )
    .prepare(),
  roles: db
    .select(roleColumns)
    .from(initiativeRoles)
    .innerJoin(people, eq(people.id, initiativeRoles.personId))
    .where(eq(initiativeRoles.initiativeId, sql.placeholder("id")))
    .orderBy(...roleOrder)
    .prepare(),
  // The `from` check makes a concurrent move of the same initiative fail instead of racing.
  moveStage: db
    .update(initiatives)
    // `set` takes no bare placeholders; wrapped in sql they bind the same way.
    .set({
      stage: sql`${sql.placeholder("to")}`,
      stageEnteredAt: sql`${sql.placeholder("at")}`,
      updatedAt: sql`${sql.placeholder("at")}`,
    })
    .where(
      and(
        eq(initiatives.workspaceId, sql.placeholder("workspaceId")),
        eq(initiatives.id, sql.placeholder("id")),
        eq(initiatives.stage, sql.placeholder("from")),
      ),
    )
    .returning()
    .prepare(),
  stageMove: db
    .insert(stageHistory)
    .values({
      initiativeId: sql.placeholder("initiativeId"),
      fromStage: sql.placeholder("fromStage"),
      toStage: sql.placeholder("toStage"),
      byPersonId: sql.placeholder("byPersonId"),
      note: sql.placeholder("note"),
      forcedReason: sql.placeholder("forcedReason"),
      platform: sql.placeholder("platform"),
      at: sql.placeholder("at"),
    })
    .prepare(),
}));

/** Loads sponsors and leads for a set of initiative rows in one query. */
function withRoles(db: Db | Tx, rows: InitiativeRow[]): Initiative[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roleRows = db
    .select(roleColumns)
    .from(initiativeRoles)
    .innerJoin(people, eq(people.id, initiativeRoles.personId))
    .where(ids.length > 500 ? undefined : inArray(initiativeRoles.initiativeId, ids))
    .orderBy(...roleOrder)
    .all();
  return attachRoles(rows, roleRows);
}

/** One initiative row with its people, through the compiled queries. */
function withRolesOf(db: Db, row: InitiativeRow): Initiative {
  return attachRoles([row], hot(db).roles.all({ id: row.id }))[0] as Initiative;
}

/** Runs inside the caller's transaction (see statements.ts). */
function insertInitiative(db: Db, input: NewInitiative, audit: AuditContext): number {
  const at = audit.at.getTime();
  const row = db
    .insert(initiatives)
    .values(newInitiativeValues(input, at))
    .returning({ id: initiatives.id })
    .get();
  setRoles(db, row.id, "sponsor", input.sponsorIds, at);
  setRoles(db, row.id, "lead", input.leadIds, at);
  db.insert(stageHistory)
    .values({
      initiativeId: row.id,
      fromStage: null,
      toStage: input.stage,
      byPersonId: audit.actor?.id ?? null,
      platform: audit.platform,
      at,
    })
    .run();
  writeAudit(db, input.workspaceId, audit, "initiative.add", row.id, {
    name: input.name,
    stage: input.stage,
    cadence: input.cadence,
    sponsors: input.sponsorIds,
    leads: input.leadIds,
  });
  return row.id;
}

function setRoles(
  tx: Tx | Db,
  initiativeId: number,
  role: "sponsor" | "lead",
  personIds: number[],
  at: number,
): void {
  const wanted = new Set(personIds);
  const ofRole = and(eq(initiativeRoles.initiativeId, initiativeId), eq(initiativeRoles.role, role));
  // People who keep the role keep their `since` (the engagement history counts from it).
  const kept = tx.select({ personId: initiativeRoles.personId }).from(initiativeRoles).where(ofRole).all();
  for (const { personId } of kept) {
    if (!wanted.has(personId))
      tx.delete(initiativeRoles)
        .where(and(ofRole, eq(initiativeRoles.personId, personId)))
        .run();
    wanted.delete(personId);
  }
  for (const personId of wanted)
    tx.insert(initiativeRoles).values({ initiativeId, personId, role, since: at }).run();
}

function duplicateName(name: string): PulseError {
  return new PulseError("conflict", `There is already an initiative called "${name}" in this workspace.`, [
    "Pick another name, or look at the existing one with `/initiative show`.",
  ]);
}

export function createPortfolioStore(db: Db): PortfolioStore {
  const names = createInitiativeNames(db.$client);
  const initiativeRow = (workspaceId: string, id: number) => hot(db).initiative.get({ workspaceId, id });

  const loadInitiative = (workspaceId: string, id: number): Initiative => {
    const row = initiativeRow(workspaceId, id);
    if (!row) throw new PulseError("not_found", "That initiative no longer exists.");
    return withRolesOf(db, row);
  };

  return {
    ...createDirectoryPart(db),

    async listInitiatives(workspaceId) {
      const rows = db
        .select()
        .from(initiatives)
        .where(eq(initiatives.workspaceId, workspaceId))
        .orderBy(asc(initiatives.nameKey))
        .all();
      return withRoles(db, rows);
    },

    async initiativeNames(workspaceId) {
      return names(workspaceId);
    },

    async getInitiative(workspaceId, id) {
      await breathe();
      const row = initiativeRow(workspaceId, id);
      return row ? withRolesOf(db, row) : undefined;
    },

    async getInitiatives(workspaceId, ids) {
      if (ids.length === 0) return [];
      await breathe();
      const rows = db
        .select()
        .from(initiatives)
        // The unary + keeps SQLite on the primary key: on initiatives_ws_name it read the whole
        // workspace (15,000 rows) for each batch of the planner and the daily sweep.
        .where(and(eq(sql`+${initiatives.workspaceId}`, workspaceId), inArray(initiatives.id, [...ids])))
        .all();
      return withRoles(db, rows);
    },

    async initiativesOf(workspaceId, personId) {
      const ids = db
        .selectDistinct({ id: initiativeRoles.initiativeId })
        .from(initiativeRoles)
        .where(eq(initiativeRoles.personId, personId))
        .all()
        .map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = db
        .select()
        .from(initiatives)
        .where(and(eq(initiatives.workspaceId, workspaceId), inArray(initiatives.id, ids)))
        .orderBy(asc(initiatives.nameKey))
        .all();
      return withRoles(db, rows);
    },

    async createInitiative(input, audit) {
      try {
        const id = db.transaction(() => insertInitiative(db, input, audit));
        return loadInitiative(input.workspaceId, id);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateName(input.name);
        throw error;
      }
    },

    async createInitiatives(inputs, audit) {
      const first = inputs[0];
      if (!first) return [];
      let current = first;
      try {
        const ids = db.transaction(() =>
          inputs.map((input) => {
            current = input;
            return insertInitiative(db, input, audit);
          }),
        );
        return ids.map((id) => loadInitiative(first.workspaceId, id));
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateName(current.name);
        throw error;
      }
    },

    async updateInitiative(
      workspaceId: string,
      id: number,
      patch: InitiativePatch,
      audit: AuditContext,
      action: string,
      handOver?: AskHandOver,
    ) {
      try {
        db.transaction((tx) => {
          const at = audit.at.getTime();
          const { sponsorIds, leadIds, nextCheckinAt, ...columns } = patch;
          const set: Partial<typeof initiatives.$inferInsert> = { ...columns, updatedAt: at };
          if (columns.name) set.nameKey = columns.name.toLowerCase();
          if (nextCheckinAt !== undefined) set.nextCheckinAt = nextCheckinAt?.getTime() ?? null;
          const updated = tx
            .update(initiatives)
            .set(set)
            .where(and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id)))
            .returning({ id: initiatives.id })
            .get();
          if (!updated) throw new PulseError("not_found", "That initiative no longer exists.");
          if (sponsorIds) setRoles(tx, id, "sponsor", sponsorIds, at);
          if (leadIds) setRoles(tx, id, "lead", leadIds, at);
          writeAudit(db, workspaceId, audit, action, id, {
            ...columns,
            ...(sponsorIds ? { sponsors: sponsorIds } : {}),
            ...(leadIds ? { leads: leadIds } : {}),
          });
          // After the change's own entry, so the log reads: new sponsor, then each ask handed over.
          if (sponsorIds && handOver) handOverAsks(db, workspaceId, id, sponsorIds, handOver, audit);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateName(patch.name ?? "");
        throw error;
      }
      return loadInitiative(workspaceId, id);
    },

    async moveStage(workspaceId: string, id: number, move, audit) {
      const q = hot(db);
      const row = db.transaction(() => {
        const at = audit.at.getTime();
        const updated = q.moveStage.get({ workspaceId, id, from: move.from, to: move.to, at });
        if (!updated)
          throw new PulseError(
            "conflict",
            "The stage changed while you were typing. Check it and try again.",
          );
        q.stageMove.run({
          initiativeId: id,
          fromStage: move.from,
          toStage: move.to,
          byPersonId: audit.actor?.id ?? null,
          note: move.note,
          forcedReason: move.forcedReason,
          platform: audit.platform,
          at,
        });
        writeAudit(db, workspaceId, audit, "stage.move", id, {
          from: move.from,
          to: move.to,
          note: move.note,
          forced: move.forcedReason,
        });
        return updated;
      });
      return withRolesOf(db, row);
    },

    async setStatus(workspaceId, id, status, reason, audit) {
      db.transaction((tx) => {
        const at = audit.at.getTime();
        const updated = tx
          .update(initiatives)
          .set({ status, statusReason: reason, updatedAt: at })
          .where(and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id)))
          .returning({ id: initiatives.id })
          .get();
        if (!updated) throw new PulseError("not_found", "That initiative no longer exists.");
        writeAudit(db, workspaceId, audit, `initiative.${status}`, id, { reason });
      });
      return loadInitiative(workspaceId, id);
    },

    async setNextCheckin(initiativeId, slot) {
      db.update(initiatives)
        .set({ nextCheckinAt: slot?.at.getTime() ?? null, nextPeriodKey: slot?.periodKey ?? null })
        .where(eq(initiatives.id, initiativeId))
        .run();
    },

    async stageHistory(workspaceId, initiativeId): Promise<StageMove[]> {
      return db
        .select({ h: stageHistory, by: people.displayName })
        .from(stageHistory)
        .innerJoin(initiatives, eq(initiatives.id, stageHistory.initiativeId))
        .leftJoin(people, eq(people.id, stageHistory.byPersonId))
        .where(and(eq(initiatives.workspaceId, workspaceId), eq(stageHistory.initiativeId, initiativeId)))
        .orderBy(asc(stageHistory.at), asc(stageHistory.id))
        .all()
        .map(({ h, by }) => ({
          id: h.id,
          initiativeId: h.initiativeId,
          fromStage: h.fromStage as Stage | null,
          toStage: h.toStage as Stage,
          by,
          note: h.note,
          forcedReason: h.forcedReason,
          platform: h.platform,
          at: new Date(h.at),
        }));
    },

    async auditLog(workspaceId): Promise<AuditEntry[]> {
      return db
        .select({ a: auditLog, slug: initiatives.slug })
        .from(auditLog)
        .leftJoin(initiatives, eq(initiatives.id, auditLog.initiativeId))
        .where(eq(auditLog.workspaceId, workspaceId))
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .all()
        .map(({ a, slug }) => ({
          id: a.id,
          workspaceId: a.workspaceId,
          at: new Date(a.at),
          actor: a.actorLabel,
          platform: a.platform,
          action: a.action,
          initiative: slug,
          details: JSON.parse(a.details) as Record<string, unknown>,
        }));
    },
  };
}
