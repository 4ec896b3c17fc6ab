import { and, asc, eq, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { Platform } from "../../src/core/platform.js";
import type { PortfolioStore, ProfileUpdate } from "../../src/ports/portfolio-store.js";
import type { Db } from "../client.js";
import { people, pmoAdmins, workspaces } from "../schema.js";
import { writeAudit } from "./audit.js";
import { toPerson, toWorkspace } from "./rows.js";
import { statements } from "./statements.js";

type DirectoryPart = Pick<
  PortfolioStore,
  | "ensureWorkspace"
  | "getWorkspace"
  | "listWorkspaces"
  | "updateWorkspace"
  | "upsertPerson"
  | "findPerson"
  | "getPerson"
  | "isAdmin"
  | "listAdmins"
  | "setAdmin"
>;

/** What every inbound reads to resolve who is acting, and where. */
const hot = statements((db) => ({
  workspace: db
    .select()
    .from(workspaces)
    .where(eq(workspaces.id, sql.placeholder("id")))
    .prepare(),
  person: db
    .select()
    .from(people)
    .where(
      and(
        eq(people.workspaceId, sql.placeholder("workspaceId")),
        eq(people.userId, sql.placeholder("userId")),
      ),
    )
    .prepare(),
  admin: db
    .select({ personId: pmoAdmins.personId })
    .from(pmoAdmins)
    .where(
      and(
        eq(pmoAdmins.workspaceId, sql.placeholder("workspaceId")),
        eq(pmoAdmins.personId, sql.placeholder("personId")),
      ),
    )
    .prepare(),
}));

/** Workspaces, people and PMO admins: who is who, per workspace. */
export function createDirectoryPart(db: Db): DirectoryPart {
  const findPersonRow = (workspaceId: string, userId: string) => hot(db).person.get({ workspaceId, userId });
  return {
    async ensureWorkspace(id: string, platform: Platform, at: Date) {
      // Read first: the workspace exists on every inbound but its first, so the write is rare.
      let row = hot(db).workspace.get({ id });
      if (!row) {
        db.insert(workspaces).values({ id, platform, createdAt: at.getTime() }).onConflictDoNothing().run();
        row = hot(db).workspace.get({ id });
      }
      if (!row) throw new Error(`workspace ${id} vanished`);
      return toWorkspace(row);
    },

    async getWorkspace(id) {
      const row = hot(db).workspace.get({ id });
      return row ? toWorkspace(row) : undefined;
    },

    async listWorkspaces() {
      return db.select().from(workspaces).orderBy(asc(workspaces.id)).all().map(toWorkspace);
    },

    async updateWorkspace(id, patch, audit) {
      return db.transaction((tx) => {
        const row = tx.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning().get();
        if (!row) throw new PulseError("not_found", "Unknown workspace.");
        writeAudit(db, id, audit, "workspace.update", null, patch);
        return toWorkspace(row);
      });
    },

    async upsertPerson(workspaceId: string, userId: string, profile: ProfileUpdate, at: Date) {
      const existing = findPersonRow(workspaceId, userId);
      if (!existing) {
        const row = db
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
          .returning()
          .get();
        if (row) return toPerson(row);
        // Lost a race with a concurrent insert: read what won.
        return this.upsertPerson(workspaceId, userId, profile, at);
      }
      const changes: Partial<typeof people.$inferInsert> = {};
      if (profile.displayName && profile.displayName !== existing.displayName)
        changes.displayName = profile.displayName;
      if (profile.tz && profile.tz !== existing.tz) changes.tz = profile.tz;
      if (profile.isBot !== undefined && profile.isBot !== existing.isBot) changes.isBot = profile.isBot;
      if (Object.keys(changes).length === 0) return toPerson(existing);
      const row = db.update(people).set(changes).where(eq(people.id, existing.id)).returning().get();
      return toPerson(row ?? existing);
    },

    async findPerson(workspaceId, userId) {
      const row = findPersonRow(workspaceId, userId);
      return row ? toPerson(row) : undefined;
    },

    async getPerson(workspaceId, personId) {
      const row = db
        .select()
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)))
        .get();
      return row ? toPerson(row) : undefined;
    },

    async isAdmin(workspaceId, personId) {
      return hot(db).admin.get({ workspaceId, personId }) !== undefined;
    },

    async listAdmins(workspaceId) {
      return db
        .select({ person: people })
        .from(pmoAdmins)
        .innerJoin(people, eq(people.id, pmoAdmins.personId))
        .where(eq(pmoAdmins.workspaceId, workspaceId))
        .orderBy(asc(people.displayName))
        .all()
        .map((r) => toPerson(r.person));
    },

    async setAdmin(workspaceId, personId, admin, audit) {
      return db.transaction((tx) => {
        const where = and(eq(pmoAdmins.workspaceId, workspaceId), eq(pmoAdmins.personId, personId));
        const existing = tx.select().from(pmoAdmins).where(where).get();
        if (admin === (existing !== undefined)) return false;
        if (admin) tx.insert(pmoAdmins).values({ workspaceId, personId, addedAt: audit.at.getTime() }).run();
        else tx.delete(pmoAdmins).where(where).run();
        writeAudit(db, workspaceId, audit, admin ? "admin.add" : "admin.remove", null, { personId });
        return true;
      });
    },
  };
}
