import { and, asc, eq, inArray } from "drizzle-orm";
import { PulseError } from "../../../src/core/errors.js";
import type { Platform } from "../../../src/core/platform.js";
import type { Stage } from "../../../src/domain/stages.js";
import type { AuditContext, AuditEntry, Initiative, StageMove } from "../../../src/domain/types.js";
import type { AskHandOver } from "../../../src/ports/ask-store.js";
import type { InitiativePatch, PortfolioStore, ProfileUpdate } from "../../../src/ports/portfolio-store.js";
import { toPerson, toWorkspace } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import {
  auditLog,
  initiativeRoles,
  initiatives,
  people,
  pmoAdmins,
  stageHistory,
  workspaces,
} from "../schema.js";
import { handOverAsks } from "./asks.js";
import { isUniqueViolation, writeAudit } from "./audit.js";
import { duplicateName, insertInitiative, setRoles, withRoles } from "./initiative-rows.js";

/** The PortfolioStore port over PostgreSQL. */
export function createPgPortfolioStore(db: PgDb): PortfolioStore {
  const initiativeRow = async (workspaceId: string, id: number) =>
    (
      await db
        .select()
        .from(initiatives)
        .where(and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id)))
    )[0];

  const loadInitiative = async (workspaceId: string, id: number): Promise<Initiative> => {
    const row = await initiativeRow(workspaceId, id);
    if (!row) throw new PulseError("not_found", "That initiative no longer exists.");
    return (await withRoles(db, [row]))[0] as Initiative;
  };

  const personBy = async (workspaceId: string, userId: string) =>
    (
      await db
        .select()
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), eq(people.userId, userId)))
    )[0];

  const store: PortfolioStore = {
    async ensureWorkspace(id: string, platform: Platform, at: Date) {
      await db.insert(workspaces).values({ id, platform, createdAt: at.getTime() }).onConflictDoNothing();
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      if (!row) throw new Error(`workspace ${id} vanished`);
      return toWorkspace(row);
    },

    async getWorkspace(id) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ? toWorkspace(row) : undefined;
    },

    async listWorkspaces() {
      return (await db.select().from(workspaces).orderBy(asc(workspaces.id))).map(toWorkspace);
    },

    async updateWorkspace(id, patch, audit) {
      return db.transaction(async (tx) => {
        const [row] = await tx.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning();
        if (!row) throw new PulseError("not_found", "Unknown workspace.");
        await writeAudit(tx, id, audit, "workspace.update", null, patch);
        return toWorkspace(row);
      });
    },

    async upsertPerson(workspaceId: string, userId: string, profile: ProfileUpdate, at: Date) {
      const existing = await personBy(workspaceId, userId);
      if (!existing) {
        const [row] = await db
          .insert(people)
          .values({
            workspaceId,
            userId,
            displayName: profile.displayName ?? userId,
            tz: profile.tz ?? null,
            isBot: profile.isBot ?? false,
            createdAt: at.getTime(),
          })
          .onConflictDoNothing()
          .returning();
        if (row) return toPerson(row);
        // Lost a race with a concurrent insert (another replica): read what won.
        return store.upsertPerson(workspaceId, userId, profile, at);
      }
      const changes: Partial<typeof people.$inferInsert> = {};
      if (profile.displayName && profile.displayName !== existing.displayName)
        changes.displayName = profile.displayName;
      if (profile.tz && profile.tz !== existing.tz) changes.tz = profile.tz;
      if (profile.isBot !== undefined && profile.isBot !== existing.isBot) changes.isBot = profile.isBot;
      if (Object.keys(changes).length === 0) return toPerson(existing);
      const [row] = await db.update(people).set(changes).where(eq(people.id, existing.id)).returning();
      return toPerson(row ?? existing);
    },

    async findPerson(workspaceId, userId) {
      const row = await personBy(workspaceId, userId);
      return row ? toPerson(row) : undefined;
    },

    async getPerson(workspaceId, personId) {
      const [row] = await db
        .select()
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)));
      return row ? toPerson(row) : undefined;
    },

    async isAdmin(workspaceId, personId) {
      const rows = await db
        .select({ personId: pmoAdmins.personId })
        .from(pmoAdmins)
        .where(and(eq(pmoAdmins.workspaceId, workspaceId), eq(pmoAdmins.personId, personId)));
      return rows.length > 0;
    },

    async listAdmins(workspaceId) {
      const rows = await db
        .select({ person: people })
        .from(pmoAdmins)
        .innerJoin(people, eq(people.id, pmoAdmins.personId))
        .where(eq(pmoAdmins.workspaceId, workspaceId))
        .orderBy(asc(people.displayName));
      return rows.map((r) => toPerson(r.person));
    },

    async setAdmin(workspaceId, personId, admin, audit) {
      return db.transaction(async (tx) => {
        const where = and(eq(pmoAdmins.workspaceId, workspaceId), eq(pmoAdmins.personId, personId));
        // Insert-or-nothing and delete-returning decide the change, so two replicas cannot both make it.
        const changed = admin
          ? await tx
              .insert(pmoAdmins)
              .values({ workspaceId, personId, addedAt: audit.at.getTime() })
              .onConflictDoNothing()
              .returning({ personId: pmoAdmins.personId })
          : await tx.delete(pmoAdmins).where(where).returning({ personId: pmoAdmins.personId });
        if (changed.length === 0) return false;
        await writeAudit(tx, workspaceId, audit, admin ? "admin.add" : "admin.remove", null, { personId });
        return true;
      });
    },

    async listInitiatives(workspaceId) {
      const rows = await db
        .select()
        .from(initiatives)
        .where(eq(initiatives.workspaceId, workspaceId))
        .orderBy(asc(initiatives.nameKey));
      return withRoles(db, rows);
    },

    // Commands resolve `<initiative>` against names alone; loading every initiative with its people
    // for that cost a `/stage` tens of milliseconds at 5,000 initiatives. Not cached: other replicas
    // rename and add initiatives too, and this read is one index scan.
    async initiativeNames(workspaceId) {
      return db
        .select({ id: initiatives.id, slug: initiatives.slug, name: initiatives.name })
        .from(initiatives)
        .where(eq(initiatives.workspaceId, workspaceId))
        .orderBy(asc(initiatives.nameKey));
    },

    async getInitiative(workspaceId, id) {
      const row = await initiativeRow(workspaceId, id);
      return row ? (await withRoles(db, [row]))[0] : undefined;
    },

    async getInitiatives(workspaceId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(initiatives)
        .where(and(eq(initiatives.workspaceId, workspaceId), inArray(initiatives.id, [...ids])));
      return withRoles(db, rows);
    },

    async initiativesOf(workspaceId, personId) {
      const ids = (
        await db
          .selectDistinct({ id: initiativeRoles.initiativeId })
          .from(initiativeRoles)
          .where(eq(initiativeRoles.personId, personId))
      ).map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(initiatives)
        .where(and(eq(initiatives.workspaceId, workspaceId), inArray(initiatives.id, ids)))
        .orderBy(asc(initiatives.nameKey));
      return withRoles(db, rows);
    },

    async createInitiative(input, audit) {
      try {
        const id = await db.transaction((tx) => insertInitiative(tx, input, audit));
        return await loadInitiative(input.workspaceId, id);
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
        const ids = await db.transaction(async (tx) => {
          const out: number[] = [];
          for (const input of inputs) {
            current = input;
            out.push(await insertInitiative(tx, input, audit));
          }
          return out;
        });
        const rows = await db
          .select()
          .from(initiatives)
          .where(and(eq(initiatives.workspaceId, first.workspaceId), inArray(initiatives.id, ids)));
        const byId = new Map((await withRoles(db, rows)).map((i) => [i.id, i]));
        return ids.map((id) => byId.get(id) as Initiative);
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
        await db.transaction(async (tx) => {
          const at = audit.at.getTime();
          const { sponsorIds, leadIds, nextCheckinAt, ...columns } = patch;
          const set: Partial<typeof initiatives.$inferInsert> = { ...columns, updatedAt: at };
          if (columns.name) set.nameKey = columns.name.toLowerCase();
          if (nextCheckinAt !== undefined) set.nextCheckinAt = nextCheckinAt?.getTime() ?? null;
          const [updated] = await tx
            .update(initiatives)
            .set(set)
            .where(and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id)))
            .returning({ id: initiatives.id });
          if (!updated) throw new PulseError("not_found", "That initiative no longer exists.");
          if (sponsorIds) await setRoles(tx, id, "sponsor", sponsorIds, at);
          if (leadIds) await setRoles(tx, id, "lead", leadIds, at);
          await writeAudit(tx, workspaceId, audit, action, id, {
            ...columns,
            ...(sponsorIds ? { sponsors: sponsorIds } : {}),
            ...(leadIds ? { leads: leadIds } : {}),
          });
          // After the change's own entry, so the log reads: new sponsor, then each ask handed over.
          if (sponsorIds && handOver) await handOverAsks(tx, workspaceId, id, sponsorIds, handOver, audit);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateName(patch.name ?? "");
        throw error;
      }
      return loadInitiative(workspaceId, id);
    },

    async moveStage(workspaceId: string, id: number, move, audit) {
      await db.transaction(async (tx) => {
        const at = audit.at.getTime();
        // The `from` check makes a concurrent move of the same initiative fail instead of racing.
        const [updated] = await tx
          .update(initiatives)
          .set({ stage: move.to, stageEnteredAt: at, updatedAt: at })
          .where(
            and(
              eq(initiatives.workspaceId, workspaceId),
              eq(initiatives.id, id),
              eq(initiatives.stage, move.from),
            ),
          )
          .returning({ id: initiatives.id });
        if (!updated)
          throw new PulseError(
            "conflict",
            "The stage changed while you were typing. Check it and try again.",
          );
        await tx.insert(stageHistory).values({
          initiativeId: id,
          fromStage: move.from,
          toStage: move.to,
          byPersonId: audit.actor?.id ?? null,
          note: move.note,
          forcedReason: move.forcedReason,
          platform: audit.platform,
          at,
        });
        await writeAudit(tx, workspaceId, audit, "stage.move", id, {
          from: move.from,
          to: move.to,
          note: move.note,
          forced: move.forcedReason,
        });
      });
      return loadInitiative(workspaceId, id);
    },

    async setStatus(workspaceId, id, status, reason, audit) {
      await db.transaction(async (tx) => {
        const at = audit.at.getTime();
        const [updated] = await tx
          .update(initiatives)
          .set({ status, statusReason: reason, updatedAt: at })
          .where(and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id)))
          .returning({ id: initiatives.id });
        if (!updated) throw new PulseError("not_found", "That initiative no longer exists.");
        await writeAudit(tx, workspaceId, audit, `initiative.${status}`, id, { reason });
      });
      return loadInitiative(workspaceId, id);
    },

    async setNextCheckin(initiativeId, slot) {
      await db
        .update(initiatives)
        .set({
          nextCheckinAt: slot?.at.getTime() ?? null,
          nextPeriodKey: slot?.periodKey ?? null,
          planLeaseUntil: null,
        })
        .where(eq(initiatives.id, initiativeId));
    },

    async stageHistory(workspaceId, initiativeId): Promise<StageMove[]> {
      const rows = await db
        .select({ h: stageHistory, by: people.displayName })
        .from(stageHistory)
        .innerJoin(initiatives, eq(initiatives.id, stageHistory.initiativeId))
        .leftJoin(people, eq(people.id, stageHistory.byPersonId))
        .where(and(eq(initiatives.workspaceId, workspaceId), eq(stageHistory.initiativeId, initiativeId)))
        .orderBy(asc(stageHistory.at), asc(stageHistory.id));
      return rows.map(({ h, by }) => ({
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
      const rows = await db
        .select({ a: auditLog, slug: initiatives.slug })
        .from(auditLog)
        .leftJoin(initiatives, eq(initiatives.id, auditLog.initiativeId))
        .where(eq(auditLog.workspaceId, workspaceId))
        .orderBy(asc(auditLog.at), asc(auditLog.id));
      return rows.map(({ a, slug }) => ({
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
  return store;
}
