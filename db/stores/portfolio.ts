import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { Stage } from "../../src/domain/stages.js";
import type { AuditContext, AuditEntry, Initiative, StageMove } from "../../src/domain/types.js";
import type { NewInitiative, PortfolioStore } from "../../src/ports/portfolio-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto, returning } from "../query.js";
import {
  attachRoles,
  type InitiativeRow,
  newInitiativeValues,
  type PersonRow,
  type RoleRow,
} from "../repositories/rows.js";
import { auditLog, initiativeRoles, initiatives, people, stageHistory } from "../schema.js";
import { handOverAsks } from "./asks.js";
import { writeAudit } from "./audit.js";
import { createDirectoryPart } from "./directory.js";

/** Past this many initiatives, their roles are read by workspace rather than by a list of ids. */
const ROLES_BY_WORKSPACE = 500;

const byName = sql`order by ${initiatives.nameKey}`;

/** Loads sponsors and leads for a set of initiative rows (of one workspace) in one query. */
async function withRoles(x: Executor, rows: InitiativeRow[]): Promise<Initiative[]> {
  const first = rows[0];
  if (!first) return [];
  const which =
    rows.length > ROLES_BY_WORKSPACE
      ? sql`${initiativeRoles.initiativeId} in (select ${initiatives.id} from ${initiatives}
          where ${eq(initiatives.workspaceId, first.workspaceId)})`
      : inArray(
          initiativeRoles.initiativeId,
          rows.map((r) => r.id),
        );
  const roleRows = await x.all<PersonRow & Omit<RoleRow, "person">>(
    sql`select ${initiativeRoles.initiativeId} as "initiativeId", ${initiativeRoles.role} as "role",
        ${initiativeRoles.since} as "since", ${columns(people)}
      from ${initiativeRoles} join ${people} on ${eq(people.id, initiativeRoles.personId)}
      where ${which} order by ${initiativeRoles.since}, ${people.displayName}`,
  );
  return attachRoles(
    rows,
    roleRows.map((r) => ({ initiativeId: r.initiativeId, role: r.role, since: r.since, person: r })),
  );
}

async function setRoles(
  tx: Executor,
  initiativeId: number,
  role: "sponsor" | "lead",
  personIds: number[],
  at: number,
): Promise<void> {
  const wanted = new Set(personIds);
  const ofRole = and(eq(initiativeRoles.initiativeId, initiativeId), eq(initiativeRoles.role, role));
  // People who keep the role keep their `since` (the engagement history counts from it).
  const kept = await tx.all<{ personId: number }>(
    sql`select ${initiativeRoles.personId} as "personId" from ${initiativeRoles} where ${ofRole}`,
  );
  for (const { personId } of kept) {
    if (!wanted.has(personId))
      await tx.run(
        sql`delete from ${initiativeRoles} where ${and(ofRole, eq(initiativeRoles.personId, personId))}`,
      );
    wanted.delete(personId);
  }
  for (const personId of wanted)
    await tx.run(
      sql`${insertInto(initiativeRoles, [{ initiativeId, personId, role, since: at }])} on conflict do nothing`,
    );
}

/** Runs on the caller's transaction. */
async function insertInitiative(tx: Executor, input: NewInitiative, audit: AuditContext): Promise<number> {
  const at = audit.at.getTime();
  const row = await tx.get<{ id: number }>(
    sql`${insertInto(initiatives, [newInitiativeValues(input, at)])} returning "id"`,
  );
  if (!row) throw new Error("insert returned no row");
  await setRoles(tx, row.id, "sponsor", input.sponsorIds, at);
  await setRoles(tx, row.id, "lead", input.leadIds, at);
  await tx.run(
    insertInto(stageHistory, [
      {
        initiativeId: row.id,
        fromStage: null,
        toStage: input.stage,
        byPersonId: audit.actor?.id ?? null,
        platform: audit.platform,
        at,
      },
    ]),
  );
  await writeAudit(tx, input.workspaceId, audit, "initiative.add", row.id, {
    name: input.name,
    stage: input.stage,
    cadence: input.cadence,
    sponsors: input.sponsorIds,
    leads: input.leadIds,
  });
  return row.id;
}

function duplicateName(name: string): PulseError {
  return new PulseError("conflict", `There is already an initiative called "${name}" in this workspace.`, [
    "Pick another name, or look at the existing one with `/initiative show`.",
  ]);
}

const gone = () => new PulseError("not_found", "That initiative no longer exists.");

/** The PortfolioStore port: workspaces and people (directory.ts), initiatives, stage history, audit log. */
export function createPortfolioStore(x: Executor): PortfolioStore {
  const { dialect } = x;
  const select = (where: SQL | undefined, tail = sql``) =>
    x.all<InitiativeRow>(sql`select ${columns(initiatives)} from ${initiatives} where ${where} ${tail}`);
  const ofWorkspace = (workspaceId: string, id: number) =>
    and(eq(initiatives.workspaceId, workspaceId), eq(initiatives.id, id));
  const load = async (workspaceId: string, id: number) =>
    (await withRoles(x, await select(ofWorkspace(workspaceId, id))))[0];
  const loadOrFail = async (workspaceId: string, id: number) => {
    const initiative = await load(workspaceId, id);
    if (!initiative) throw gone();
    return initiative;
  };
  /** An update of one initiative on `tx`: its row after, or undefined when it is not in the workspace. */
  const updateOne = (tx: Executor, workspaceId: string, id: number, set: SQL, extra?: SQL) =>
    tx.get<InitiativeRow>(
      sql`update ${initiatives} set ${set} where ${and(ofWorkspace(workspaceId, id), extra)} ${returning(initiatives)}`,
    );
  /** An updated row with its people (the row the update returned: one read fewer per `/stage`). */
  const withPeople = async (row: InitiativeRow) => (await withRoles(x, [row]))[0] as Initiative;
  const unique = async <T>(name: () => string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (dialect.isUniqueViolation(error)) throw duplicateName(name());
      throw error;
    }
  };

  return {
    ...createDirectoryPart(x),

    async listInitiatives(workspaceId) {
      return withRoles(x, await select(eq(initiatives.workspaceId, workspaceId), byName));
    },

    initiativeNames: (workspaceId) => dialect.initiativeNames(workspaceId),

    getInitiative: (workspaceId, id) => load(workspaceId, id),

    async getInitiatives(workspaceId, ids) {
      if (ids.length === 0) return [];
      // Off initiatives_ws_name: on SQLite it read the whole workspace (15,000 rows) for each batch
      // of the planner and the daily sweep; the primary key finds the few.
      const rows = await select(
        and(eq(dialect.notIndexed(initiatives.workspaceId), workspaceId), inArray(initiatives.id, [...ids])),
      );
      return withRoles(x, rows);
    },

    async initiativesOf(workspaceId, personId) {
      const rows = await select(
        sql`${eq(initiatives.workspaceId, workspaceId)} and ${initiatives.id} in
          (select ${initiativeRoles.initiativeId} from ${initiativeRoles} where ${eq(initiativeRoles.personId, personId)})`,
        byName,
      );
      return withRoles(x, rows);
    },

    async createInitiative(input, audit) {
      const id = await unique(
        () => input.name,
        () => x.transaction((tx) => insertInitiative(tx, input, audit)),
      );
      return loadOrFail(input.workspaceId, id);
    },

    async createInitiatives(inputs, audit) {
      const first = inputs[0];
      if (!first) return [];
      let current = first;
      const ids = await unique(
        () => current.name,
        () =>
          x.transaction(async (tx) => {
            const out: number[] = [];
            for (const input of inputs) {
              current = input;
              out.push(await insertInitiative(tx, input, audit));
            }
            return out;
          }),
      );
      const byId = new Map(
        (
          await withRoles(
            x,
            await select(and(eq(initiatives.workspaceId, first.workspaceId), inArray(initiatives.id, ids))),
          )
        ).map((i) => [i.id, i]),
      );
      return ids.map((id) => byId.get(id) as Initiative);
    },

    async updateInitiative(workspaceId, id, patch, audit, action, handOver) {
      await unique(
        () => patch.name ?? "",
        () =>
          x.transaction(async (tx) => {
            const at = audit.at.getTime();
            const { sponsorIds, leadIds, nextCheckinAt, ...changed } = patch;
            const set = assign(initiatives, {
              ...changed,
              updatedAt: at,
              ...(changed.name ? { nameKey: changed.name.toLowerCase() } : {}),
              ...(nextCheckinAt !== undefined ? { nextCheckinAt: nextCheckinAt?.getTime() ?? null } : {}),
            });
            if (!(await updateOne(tx, workspaceId, id, set))) throw gone();
            if (sponsorIds) await setRoles(tx, id, "sponsor", sponsorIds, at);
            if (leadIds) await setRoles(tx, id, "lead", leadIds, at);
            await writeAudit(tx, workspaceId, audit, action, id, {
              ...changed,
              ...(sponsorIds ? { sponsors: sponsorIds } : {}),
              ...(leadIds ? { leads: leadIds } : {}),
            });
            // After the change's own entry, so the log reads: new sponsor, then each ask handed over.
            if (sponsorIds && handOver) await handOverAsks(tx, workspaceId, id, sponsorIds, handOver, audit);
          }),
      );
      return loadOrFail(workspaceId, id);
    },

    async moveStage(workspaceId, id, move, audit) {
      const row = await x.transaction(async (tx) => {
        const at = audit.at.getTime();
        const set = assign(initiatives, { stage: move.to, stageEnteredAt: at, updatedAt: at });
        // The `from` check makes a concurrent move of the same initiative fail instead of racing.
        const updated = await updateOne(tx, workspaceId, id, set, eq(initiatives.stage, move.from));
        if (!updated)
          throw new PulseError(
            "conflict",
            "The stage changed while you were typing. Check it and try again.",
          );
        await tx.run(
          insertInto(stageHistory, [
            {
              initiativeId: id,
              fromStage: move.from,
              toStage: move.to,
              byPersonId: audit.actor?.id ?? null,
              note: move.note,
              forcedReason: move.forcedReason,
              platform: audit.platform,
              at,
            },
          ]),
        );
        await writeAudit(tx, workspaceId, audit, "stage.move", id, {
          from: move.from,
          to: move.to,
          note: move.note,
          forced: move.forcedReason,
        });
        return updated;
      });
      return withPeople(row);
    },

    async setStatus(workspaceId, id, status, reason, audit) {
      const row = await x.transaction(async (tx) => {
        const set = assign(initiatives, { status, statusReason: reason, updatedAt: audit.at.getTime() });
        const updated = await updateOne(tx, workspaceId, id, set);
        if (!updated) throw gone();
        await writeAudit(tx, workspaceId, audit, `initiative.${status}`, id, { reason });
        return updated;
      });
      return withPeople(row);
    },

    async setNextCheckin(initiativeId, slot) {
      await x.run(
        sql`update ${initiatives} set ${assign(initiatives, {
          nextCheckinAt: slot?.at.getTime() ?? null,
          nextPeriodKey: slot?.periodKey ?? null,
        })}${dialect.planLeaseEnd} where ${eq(initiatives.id, initiativeId)}`,
      );
    },

    async stageHistory(workspaceId, initiativeId): Promise<StageMove[]> {
      const rows = await x.all<typeof stageHistory.$inferSelect & { by: string | null }>(
        sql`select ${columns(stageHistory)}, ${people.displayName} as "by" from ${stageHistory}
          join ${initiatives} on ${eq(initiatives.id, stageHistory.initiativeId)}
          left join ${people} on ${eq(people.id, stageHistory.byPersonId)}
          where ${and(eq(initiatives.workspaceId, workspaceId), eq(stageHistory.initiativeId, initiativeId))}
          order by ${stageHistory.at}, ${stageHistory.id}`,
      );
      return rows.map((h) => ({
        id: h.id,
        initiativeId: h.initiativeId,
        fromStage: h.fromStage as Stage | null,
        toStage: h.toStage as Stage,
        by: h.by,
        note: h.note,
        forcedReason: h.forcedReason,
        platform: h.platform,
        at: new Date(h.at),
      }));
    },

    async auditLog(workspaceId): Promise<AuditEntry[]> {
      const rows = await x.all<typeof auditLog.$inferSelect & { slug: string | null }>(
        sql`select ${columns(auditLog)}, ${initiatives.slug} as "slug" from ${auditLog}
          left join ${initiatives} on ${eq(initiatives.id, auditLog.initiativeId)}
          where ${eq(auditLog.workspaceId, workspaceId)} order by ${auditLog.at}, ${auditLog.id}`,
      );
      return rows.map((a) => ({
        id: a.id,
        workspaceId: a.workspaceId,
        at: new Date(a.at),
        actor: a.actorLabel,
        platform: a.platform,
        action: a.action,
        initiative: a.slug,
        details: JSON.parse(a.details) as Record<string, unknown>,
      }));
    },
  };
}
