import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import type { HolidayRecord, SponsorStore } from "../../src/ports/sponsor-store.js";
import type { Db } from "../client.js";
import { asks, awayPeriods, delegates, holidays, people } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";
import { toAway, toPerson } from "./rows.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The SponsorStore port over SQLite. */
export function createSponsorStore(db: Db): SponsorStore {
  return {
    async awayPeriods(workspaceId, personIds, after) {
      if (personIds.length === 0) return [];
      return db
        .select()
        .from(awayPeriods)
        .where(
          and(
            eq(awayPeriods.workspaceId, workspaceId),
            inArray(awayPeriods.personId, personIds),
            after ? gt(awayPeriods.untilAt, after.getTime()) : undefined,
          ),
        )
        .orderBy(asc(awayPeriods.fromAt), asc(awayPeriods.id))
        .all()
        .map(toAway);
    },

    async addAway(input, audit, notices) {
      return db.transaction(
        (tx) => {
          const row = tx
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
            .returning()
            .get();
          writeAudit(db, input.workspaceId, audit, "away.set", null, {
            personId: input.personId,
            from: iso(row.fromAt),
            until: iso(row.untilAt),
            ...(input.note ? { note: input.note } : {}),
          });
          if (notices.length) insertOutbox(tx, notices, audit.at.getTime());
          return toAway(row);
        },
        { behavior: "immediate" },
      );
    },

    async endAway(workspaceId, personId, audit) {
      const at = audit.at.getTime();
      return db.transaction(
        (tx) => {
          const current = tx
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
            .get();
          if (!current) return undefined;
          const row = tx
            .update(awayPeriods)
            .set({ untilAt: at })
            .where(eq(awayPeriods.id, current.id))
            .returning()
            .get();
          writeAudit(db, workspaceId, audit, "away.back", null, {
            personId,
            from: iso(current.fromAt),
            plannedUntil: iso(current.untilAt),
          });
          return row ? toAway(row) : undefined;
        },
        { behavior: "immediate" },
      );
    },

    async delegateOf(workspaceId, personId) {
      const row = db
        .select({ p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.delegatePersonId))
        .where(and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId)))
        .get();
      return row ? toPerson(row.p) : undefined;
    },

    async delegatesOf(workspaceId, personIds) {
      if (personIds.length === 0) return new Map();
      const rows = db
        .select({ of: delegates.personId, p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.delegatePersonId))
        .where(and(eq(delegates.workspaceId, workspaceId), inArray(delegates.personId, [...personIds])))
        .all();
      return new Map(rows.map((r) => [r.of, toPerson(r.p)]));
    },

    async delegatorsOf(workspaceId, delegatePersonId) {
      return db
        .select({ p: people })
        .from(delegates)
        .innerJoin(people, eq(people.id, delegates.personId))
        .where(and(eq(delegates.workspaceId, workspaceId), eq(delegates.delegatePersonId, delegatePersonId)))
        .all()
        .map((r) => toPerson(r.p));
    },

    async setDelegate(workspaceId, personId, delegatePersonId, audit) {
      return db.transaction(
        (tx) => {
          const where = and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId));
          const current = tx.select().from(delegates).where(where).get();
          if ((current?.delegatePersonId ?? null) === delegatePersonId) return false;
          if (delegatePersonId === null) tx.delete(delegates).where(where).run();
          else
            tx.insert(delegates)
              .values({ workspaceId, personId, delegatePersonId, since: audit.at.getTime() })
              .onConflictDoUpdate({
                target: [delegates.workspaceId, delegates.personId],
                set: { delegatePersonId, since: audit.at.getTime() },
              })
              .run();
          writeAudit(db, workspaceId, audit, "delegate.set", null, {
            personId,
            delegatePersonId,
            previous: current?.delegatePersonId ?? null,
          });
          return true;
        },
        { behavior: "immediate" },
      );
    },

    async holidays(workspaceId) {
      return db
        .select()
        .from(holidays)
        .where(eq(holidays.workspaceId, workspaceId))
        .orderBy(asc(holidays.date), asc(holidays.country))
        .all()
        .map((r): HolidayRecord => ({ date: r.date, country: r.country || null, name: r.name }));
    },

    async addHolidays(workspaceId, days, audit) {
      return db.transaction(
        (tx) => {
          let added = 0;
          for (const d of days) {
            const row = tx
              .insert(holidays)
              .values({
                workspaceId,
                date: d.date,
                country: d.country ?? "",
                name: d.name,
                createdAt: audit.at.getTime(),
              })
              .onConflictDoNothing()
              .returning({ date: holidays.date })
              .get();
            if (row) added++;
          }
          if (added > 0)
            writeAudit(db, workspaceId, audit, "holidays.add", null, {
              added,
              dates: days.map((d) => d.date).slice(0, 50),
              ...(days[0]?.country ? { country: days[0].country } : {}),
            });
          return added;
        },
        { behavior: "immediate" },
      );
    },

    async removeHoliday(workspaceId, date, audit) {
      return db.transaction(
        (tx) => {
          const removed = tx
            .delete(holidays)
            .where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.date, date)))
            .returning({ date: holidays.date })
            .all().length;
          if (removed > 0) writeAudit(db, workspaceId, audit, "holidays.remove", null, { date, removed });
          return removed;
        },
        { behavior: "immediate" },
      );
    },

    async importWeeks(workspaceId, data, audit) {
      return db.transaction(
        (tx) => {
          const at = audit.at.getTime();
          for (const a of data.away)
            tx.insert(awayPeriods)
              .values({
                workspaceId,
                personId: a.personId,
                fromAt: a.from.getTime(),
                untilAt: a.until.getTime(),
                note: a.note,
                createdByPersonId: null,
                createdAt: at,
              })
              .run();
          for (const d of data.delegates)
            tx.insert(delegates)
              .values({ workspaceId, personId: d.personId, delegatePersonId: d.delegatePersonId, since: at })
              .onConflictDoUpdate({
                target: [delegates.workspaceId, delegates.personId],
                set: { delegatePersonId: d.delegatePersonId },
              })
              .run();
          for (const h of data.holidays)
            tx.insert(holidays)
              .values({ workspaceId, date: h.date, country: h.country ?? "", name: h.name, createdAt: at })
              .onConflictDoNothing()
              .run();
          for (const c of data.countries)
            tx.update(people)
              .set({ country: c.country })
              .where(and(eq(people.workspaceId, workspaceId), eq(people.id, c.personId)))
              .run();
          for (const a of data.asks)
            tx.insert(asks)
              .values({
                workspaceId,
                initiativeId: a.initiativeId,
                sponsorPersonId: a.sponsorPersonId,
                createdByPersonId: a.createdByPersonId,
                text: a.text,
                dueAt: a.dueAt?.getTime() ?? null,
                createdAt: a.createdAt.getTime(),
                status: a.status,
                response: a.response,
                respondedAt: a.respondedAt?.getTime() ?? null,
                respondedByPersonId: a.respondedAt ? a.sponsorPersonId : null,
                closedAt: a.closedAt?.getTime() ?? null,
              })
              .run();
          const count =
            data.away.length +
            data.delegates.length +
            data.holidays.length +
            data.countries.length +
            data.asks.length;
          writeAudit(db, workspaceId, audit, "weeks.import", null, {
            away: data.away.length,
            delegates: data.delegates.length,
            holidays: data.holidays.length,
            countries: data.countries.length,
            asks: data.asks.length,
          });
          return count;
        },
        { behavior: "immediate" },
      );
    },

    async setCountry(workspaceId, personId, country, audit) {
      db.transaction(
        (tx) => {
          tx.update(people)
            .set({ country })
            .where(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)))
            .run();
          writeAudit(db, workspaceId, audit, "person.country", null, { personId, country });
        },
        { behavior: "immediate" },
      );
    },
  };
}
