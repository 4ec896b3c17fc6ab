/** Initiative writes and reads shared by the PostgreSQL portfolio store: roles, history, audit. */
import { and, asc, eq, inArray } from "drizzle-orm";
import { PulseError } from "../../../src/core/errors.js";
import type { AuditContext, Initiative } from "../../../src/domain/types.js";
import type { NewInitiative } from "../../../src/ports/portfolio-store.js";
import { attachRoles, type InitiativeRow, newInitiativeValues } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { initiativeRoles, initiatives, people, stageHistory } from "../schema.js";
import { type PgTx, writeAudit } from "./audit.js";

/** Loads sponsors and leads for a set of initiative rows in one query. */
export async function withRoles(db: PgDb | PgTx, rows: InitiativeRow[]): Promise<Initiative[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roleRows = await db
    .select({
      initiativeId: initiativeRoles.initiativeId,
      role: initiativeRoles.role,
      since: initiativeRoles.since,
      person: people,
    })
    .from(initiativeRoles)
    .innerJoin(people, eq(people.id, initiativeRoles.personId))
    .where(inArray(initiativeRoles.initiativeId, ids))
    .orderBy(asc(initiativeRoles.since), asc(people.displayName));
  return attachRoles(rows, roleRows);
}

export async function insertInitiative(tx: PgTx, input: NewInitiative, audit: AuditContext): Promise<number> {
  const at = audit.at.getTime();
  const [row] = await tx
    .insert(initiatives)
    .values(newInitiativeValues(input, at))
    .returning({ id: initiatives.id });
  if (!row) throw new Error("insert returned no row");
  await setRoles(tx, row.id, "sponsor", input.sponsorIds, at);
  await setRoles(tx, row.id, "lead", input.leadIds, at);
  await tx.insert(stageHistory).values({
    initiativeId: row.id,
    fromStage: null,
    toStage: input.stage,
    byPersonId: audit.actor?.id ?? null,
    platform: audit.platform,
    at,
  });
  await writeAudit(tx, input.workspaceId, audit, "initiative.add", row.id, {
    name: input.name,
    stage: input.stage,
    cadence: input.cadence,
    sponsors: input.sponsorIds,
    leads: input.leadIds,
  });
  return row.id;
}

export async function setRoles(
  tx: PgTx,
  initiativeId: number,
  role: "sponsor" | "lead",
  personIds: number[],
  at: number,
): Promise<void> {
  const wanted = new Set(personIds);
  const ofRole = and(eq(initiativeRoles.initiativeId, initiativeId), eq(initiativeRoles.role, role));
  // People who keep the role keep their `since` (the engagement history counts from it).
  const kept = await tx.select({ personId: initiativeRoles.personId }).from(initiativeRoles).where(ofRole);
  for (const { personId } of kept) {
    if (!wanted.has(personId))
      await tx.delete(initiativeRoles).where(and(ofRole, eq(initiativeRoles.personId, personId)));
    wanted.delete(personId);
  }
  for (const personId of wanted)
    await tx
      .insert(initiativeRoles)
      .values({ initiativeId, personId, role, since: at })
      .onConflictDoNothing();
}

export function duplicateName(name: string): PulseError {
  return new PulseError("conflict", `There is already an initiative called "${name}" in this workspace.`, [
    "Pick another name, or look at the existing one with `/initiative show`.",
  ]);
}
