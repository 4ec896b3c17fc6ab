import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import type { HolidayRecord, SponsorStore } from "../../../src/ports/sponsor-store.js";
import { toAway, toPerson } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { awayPeriods, delegates, holidays, people } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The SponsorStore port over PostgreSQL. */
export function createPgSponsorStore(db: PgDb): SponsorStore {
  return {
    async awayPeriods(workspaceId, personIds, after) {
      if (personIds.length === 0) return [];
      const rows = await db
        .select()
        .from(awayPeriods)
        .where(
          and(
            eq(awayPeriods.workspaceId, workspaceId),
            inArray(awayPeriods.personId, personIds),
            after ? gt(awayPeriods.untilAt, after.getTime()) : undefined,
          ),
        )
        .orderBy(asc(awayPeriods.fromAt), asc(awayPeriods.id));
      return rows.map(toAway);
    },

    async addAway(input, audit, notices) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(awayPeriods)
          .values({
            workspaceId: input.workspaceId,
            personId: input.personId,
            fromAt: input.from.getTime(),
            untilAt: input.until.getTime(),
            note: input.note,
            createdByPersonId: audit.actor?.id ?? null,
            createdAt: audit.at.getTime(),
          })
          .returning();
        if (!row) throw new Error("insert returned no row");
        await writeAudit(tx, input.workspaceId, audit, "away.set", null, {
          personId: input.personId,
          from: iso(row.fromAt),
          until: iso(row.untilAt),
          ...(input.note ? { note: input.note } : {}),
        });
        if (notices.length) await insertOutbox(tx, notices, audit.at.getTime());
        return toAway(row);
      });
    },

    async endAway(workspaceId, personId, audit) {
      const at = audit.at.getTime();
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(awayPeriods)
          .where(
            and(
              eq(awayPeriods.workspaceId, workspaceId),
              eq(awayPeriods.personId, personId),
              lte(awayPeriods.fromAt, at),
              gt(awayPeriods.untilAt, at),
            ),
          )
          .limit(1)
          .for("update");
        if (!current) return undefined;
        const [row] = await tx
          .update(awayPeriods)
          .set({ untilAt: at })
          .where(eq(awayPeriods.id, current.id))
          .returning();
        await writeAudit(tx, workspaceId, audit, "away.back", null, {
          personId,
          from: iso(current.fromAt),
          plannedUntil: iso(current.untilAt),
        });
        return row ? toAway(row) : undefined;
      });
    },

    async delegateOf(workspaceId, personId) {
      const [row] = await db
        .select({ p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.delegatePersonId))
        .where(and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId)));
      return row ? toPerson(row.p) : undefined;
    },

    async delegatesOf(workspaceId, personIds) {
      if (personIds.length === 0) return new Map();
      const rows = await db
        .select({ of: delegates.personId, p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.delegatePersonId))
        .where(and(eq(delegates.workspaceId, workspaceId), inArray(delegates.personId, [...personIds])));
      return new Map(rows.map((r) => [r.of, toPerson(r.p)]));
    },

    async delegatorsOf(workspaceId, delegatePersonId) {
      const rows = await db
        .select({ p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.personId))
        .where(and(eq(delegates.workspaceId, workspaceId), eq(delegates.delegatePersonId, delegatePersonId)));
      return rows.map((r) => toPerson(r.p));
    },

    async setDelegate(workspaceId, personId, delegatePersonId, audit) {
      return db.transaction(async (tx) => {
        const where = and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId));
        const [current] = await tx.select().from(delegates).where(where).for("update");
        if ((current?.delegatePersonId ?? null) === delegatePersonId) return false;
        if (delegatePersonId === null) await tx.delete(delegates).where(where);
        else
          await tx
            .insert(delegates)
            .values({ workspaceId, personId, delegatePersonId, since: audit.at.getTime() })
            .onConflictDoUpdate({
              target: [delegates.workspaceId, delegates.personId],
              set: { delegatePersonId, since: audit.at.getTime() },
            });
        await writeAudit(tx, workspaceId, audit, "delegate.set", null, {
          personId,
          delegatePersonId,
          previous: current?.delegatePersonId ?? null,
        });
        return true;
      });
    },

    async holidays(workspaceId) {
      const rows = await db
        .select()
        .from(holidays)
        .where(eq(holidays.workspaceId, workspaceId))
        .orderBy(asc(holidays.date), asc(holidays.country));
      return rows.map((r): HolidayRecord => ({ date: r.date, country: r.country || null, name: r.name }));
    },

    async addHolidays(workspaceId, days, audit) {
      return db.transaction(async (tx) => {
        let added = 0;
        for (const d of days) {
          const rows = await tx
            .insert(holidays)
            .values({
              workspaceId,
              date: d.date,
              country: d.country ?? "",
              name: d.name,
              createdAt: audit.at.getTime(),
            })
            .onConflictDoNothing()
            .returning({ date: holidays.date });
          added += rows.length;
        }
        if (added > 0)
          await writeAudit(tx, workspaceId, audit, "holidays.add", null, {
            added,
            dates: days.map((d) => d.date).slice(0, 50),
            ...(days[0]?.country ? { country: days[0].country } : {}),
          });
        return added;
      });
    },

    async removeHoliday(workspaceId, date, audit) {
      return db.transaction(async (tx) => {
        const removed = (
          await tx
            .delete(holidays)
            .where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.date, date)))
            .returning({ date: holidays.date })
        ).length;
        if (removed > 0) await writeAudit(tx, workspaceId, audit, "holidays.remove", null, { date, removed });
        return removed;
      });
    },

    async setCountry(workspaceId, personId, country, audit) {
      await db.transaction(async (tx) => {
        await tx
          .update(people)
          .set({ country })
          .where(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)));
        await writeAudit(tx, workspaceId, audit, "person.country", null, { personId, country });
      });
    },
  };
}
