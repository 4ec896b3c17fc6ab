import { and, eq, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { PortfolioStore } from "../../src/ports/portfolio-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto, returning } from "../query.js";
import { type PersonRow, toPerson, toWorkspace, type WorkspaceRow } from "../repositories/rows.js";
import { people, pmoAdmins, workspaces } from "../schema.js";
import { writeAudit } from "./audit.js";

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

/** Workspaces, people and PMO admins: who is who, per workspace. */
export function createDirectoryPart(x: Executor): DirectoryPart {
  const workspaceRow = (id: string) =>
    x.get<WorkspaceRow>(sql`select ${columns(workspaces)} from ${workspaces} where ${eq(workspaces.id, id)}`);
  const personRow = (where: ReturnType<typeof and>) =>
    x.get<PersonRow>(sql`select ${columns(people)} from ${people} where ${where}`);
  const byUser = (workspaceId: string, userId: string) =>
    personRow(and(eq(people.workspaceId, workspaceId), eq(people.userId, userId)));

  const part: DirectoryPart = {
    async ensureWorkspace(id, platform, at) {
      // Read first: the workspace exists on every inbound but its first, so the write is rare.
      let row = await workspaceRow(id);
      if (!row) {
        await x.run(
          sql`${insertInto(workspaces, [{ id, platform, createdAt: at.getTime() }])} on conflict do nothing`,
        );
        row = await workspaceRow(id);
      }
      if (!row) throw new Error(`workspace ${id} vanished`);
      return toWorkspace(row);
    },

    async getWorkspace(id) {
      const row = await workspaceRow(id);
      return row ? toWorkspace(row) : undefined;
    },

    async listWorkspaces() {
      const rows = await x.all<WorkspaceRow>(
        sql`select ${columns(workspaces)} from ${workspaces} order by ${workspaces.id}`,
      );
      return rows.map(toWorkspace);
    },

    async updateWorkspace(id, patch, audit) {
      return x.transaction(async (tx) => {
        const row = await tx.get<WorkspaceRow>(
          sql`update ${workspaces} set ${assign(workspaces, patch)} where ${eq(workspaces.id, id)} ${returning(workspaces)}`,
        );
        if (!row) throw new PulseError("not_found", "Unknown workspace.");
        await writeAudit(tx, id, audit, "workspace.update", null, patch);
        return toWorkspace(row);
      });
    },

    async upsertPerson(workspaceId, userId, profile, at) {
      const existing = await byUser(workspaceId, userId);
      if (!existing) {
        const row = await x.get<PersonRow>(
          sql`${insertInto(people, [
            {
              workspaceId,
              userId,
              displayName: profile.displayName ?? userId,
              tz: profile.tz ?? null,
              isBot: profile.isBot ?? false,
              createdAt: at.getTime(),
            },
          ])} on conflict do nothing ${returning(people)}`,
        );
        if (row) return toPerson(row);
        // Lost a race with a concurrent insert (another replica, another task): read what won.
        return part.upsertPerson(workspaceId, userId, profile, at);
      }
      const current = toPerson(existing);
      const changes: Partial<Pick<PersonRow, "displayName" | "tz" | "isBot">> = {};
      if (profile.displayName && profile.displayName !== current.displayName)
        changes.displayName = profile.displayName;
      if (profile.tz && profile.tz !== current.tz) changes.tz = profile.tz;
      if (profile.isBot !== undefined && profile.isBot !== current.isBot) changes.isBot = profile.isBot;
      if (Object.keys(changes).length === 0) return current;
      const row = await x.get<PersonRow>(
        sql`update ${people} set ${assign(people, changes)} where ${eq(people.id, current.id)} ${returning(people)}`,
      );
      return row ? toPerson(row) : current;
    },

    async findPerson(workspaceId, userId) {
      const row = await byUser(workspaceId, userId);
      return row ? toPerson(row) : undefined;
    },

    async getPerson(workspaceId, personId) {
      const row = await personRow(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)));
      return row ? toPerson(row) : undefined;
    },

    async isAdmin(workspaceId, personId) {
      const row = await x.get(
        sql`select 1 as "one" from ${pmoAdmins}
          where ${and(eq(pmoAdmins.workspaceId, workspaceId), eq(pmoAdmins.personId, personId))}`,
      );
      return row !== undefined;
    },

    async listAdmins(workspaceId) {
      const rows = await x.all<PersonRow>(
        sql`select ${columns(people)} from ${pmoAdmins} join ${people} on ${eq(people.id, pmoAdmins.personId)}
          where ${eq(pmoAdmins.workspaceId, workspaceId)} order by ${people.displayName}`,
      );
      return rows.map(toPerson);
    },

    async setAdmin(workspaceId, personId, admin, audit) {
      return x.transaction(async (tx) => {
        const where = and(eq(pmoAdmins.workspaceId, workspaceId), eq(pmoAdmins.personId, personId));
        // Insert-or-nothing and delete-returning decide the change, so two replicas cannot both make it.
        const changed = admin
          ? await tx.get(
              sql`${insertInto(pmoAdmins, [{ workspaceId, personId, addedAt: audit.at.getTime() }])}
                on conflict do nothing returning "person_id"`,
            )
          : await tx.get(sql`delete from ${pmoAdmins} where ${where} returning "person_id"`);
        if (!changed) return false;
        await writeAudit(tx, workspaceId, audit, admin ? "admin.add" : "admin.remove", null, { personId });
        return true;
      });
    },
  };
  return part;
}
