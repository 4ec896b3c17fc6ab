import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { HolidayRecord, SponsorStore } from "../../src/ports/sponsor-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto, onConflictUpdate, returning } from "../query.js";
import { type PersonRow, toAway, toPerson } from "../repositories/rows.js";
import { asks, awayPeriods, delegates, holidays, people } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

type AwayRow = typeof awayPeriods.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/** Delegate rows joined with the person on one side of them: the delegate, or whose delegate they are. */
const delegateJoin = (side: typeof delegates.personId | typeof delegates.delegatePersonId) =>
  sql`from ${delegates} join ${people} on ${eq(people.id, side)}`;

export function createSponsorStore(x: Executor): SponsorStore {
  const { dialect } = x;
  return {
    async awayPeriods(workspaceId, personIds, after) {
      if (personIds.length === 0) return [];
      const rows = await x.all<AwayRow>(
        sql`select ${columns(awayPeriods)} from ${awayPeriods}
          where ${and(
            eq(awayPeriods.workspaceId, workspaceId),
            inArray(awayPeriods.personId, personIds),
            after ? gt(awayPeriods.untilAt, after.getTime()) : undefined,
          )}
          order by ${awayPeriods.fromAt}, ${awayPeriods.id}`,
      );
      return rows.map(toAway);
    },

    async addAway(input, audit, notices) {
      return x.transaction(async (tx) => {
        const row = await tx.get<AwayRow>(
          sql`${insertInto(awayPeriods, [
            {
              workspaceId: input.workspaceId,
              personId: input.personId,
              fromAt: input.from.getTime(),
              untilAt: input.until.getTime(),
              note: input.note,
              createdByPersonId: audit.actor?.id ?? null,
              createdAt: audit.at.getTime(),
            },
          ])} ${returning(awayPeriods)}`,
        );
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
      return x.transaction(async (tx) => {
        const current = await tx.get<AwayRow>(
          sql`select ${columns(awayPeriods)} from ${awayPeriods}
            where ${and(
              eq(awayPeriods.workspaceId, workspaceId),
              eq(awayPeriods.personId, personId),
              lte(awayPeriods.fromAt, at),
              gt(awayPeriods.untilAt, at),
            )} limit 1${dialect.forUpdate}`,
        );
        if (!current) return undefined;
        const row = await tx.get<AwayRow>(
          sql`update ${awayPeriods} set ${assign(awayPeriods, { untilAt: at })}
            where ${eq(awayPeriods.id, current.id)} ${returning(awayPeriods)}`,
        );
        await writeAudit(tx, workspaceId, audit, "away.back", null, {
          personId,
          from: iso(current.fromAt),
          plannedUntil: iso(current.untilAt),
        });
        return row ? toAway(row) : undefined;
      });
    },

    async delegateOf(workspaceId, personId) {
      const row = await x.get<PersonRow>(
        sql`select ${columns(people)} ${delegateJoin(delegates.delegatePersonId)}
          where ${and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId))}`,
      );
      return row ? toPerson(row) : undefined;
    },

    async delegatesOf(workspaceId, personIds) {
      if (personIds.length === 0) return new Map();
      const rows = await x.all<PersonRow & { of: number }>(
        sql`select ${delegates.personId} as "of", ${columns(people)} ${delegateJoin(delegates.delegatePersonId)}
          where ${and(eq(delegates.workspaceId, workspaceId), inArray(delegates.personId, [...personIds]))}`,
      );
      return new Map(rows.map((r) => [r.of, toPerson(r)]));
    },

    async delegatorsOf(workspaceId, delegatePersonId) {
      const rows = await x.all<PersonRow>(
        sql`select ${columns(people)} ${delegateJoin(delegates.personId)}
          where ${and(eq(delegates.workspaceId, workspaceId), eq(delegates.delegatePersonId, delegatePersonId))}`,
      );
      return rows.map(toPerson);
    },

    async setDelegate(workspaceId, personId, delegatePersonId, audit) {
      return x.transaction(async (tx) => {
        const where = and(eq(delegates.workspaceId, workspaceId), eq(delegates.personId, personId));
        const current = await tx.get<{ delegatePersonId: number }>(
          sql`select ${delegates.delegatePersonId} as "delegatePersonId" from ${delegates}
            where ${where}${dialect.forUpdate}`,
        );
        if ((current?.delegatePersonId ?? null) === delegatePersonId) return false;
        if (delegatePersonId === null) await tx.run(sql`delete from ${delegates} where ${where}`);
        else
          await tx.run(
            sql`${insertInto(delegates, [
              { workspaceId, personId, delegatePersonId, since: audit.at.getTime() },
            ])} ${onConflictUpdate([delegates.workspaceId, delegates.personId], [delegates.delegatePersonId, delegates.since])}`,
          );
        await writeAudit(tx, workspaceId, audit, "delegate.set", null, {
          personId,
          delegatePersonId,
          previous: current?.delegatePersonId ?? null,
        });
        return true;
      });
    },

    async holidays(workspaceId) {
      const rows = await x.all<{ date: string; country: string; name: string }>(
        sql`select ${holidays.date} as "date", ${holidays.country} as "country", ${holidays.name} as "name"
          from ${holidays} where ${eq(holidays.workspaceId, workspaceId)}
          order by ${holidays.date}, ${holidays.country}`,
      );
      return rows.map((r): HolidayRecord => ({ date: r.date, country: r.country || null, name: r.name }));
    },

    async addHolidays(workspaceId, days, audit) {
      return x.transaction(async (tx) => {
        let added = 0;
        for (const d of days)
          added += await tx.run(
            sql`${insertInto(holidays, [
              {
                workspaceId,
                date: d.date,
                country: d.country ?? "",
                name: d.name,
                createdAt: audit.at.getTime(),
              },
            ])} on conflict do nothing`,
          );
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
      return x.transaction(async (tx) => {
        const removed = await tx.run(
          sql`delete from ${holidays} where ${and(eq(holidays.workspaceId, workspaceId), eq(holidays.date, date))}`,
        );
        if (removed > 0) await writeAudit(tx, workspaceId, audit, "holidays.remove", null, { date, removed });
        return removed;
      });
    },

    async importWeeks(workspaceId, data, audit) {
      return x.transaction(async (tx) => {
        const at = audit.at.getTime();
        for (const a of data.away)
          await tx.run(
            insertInto(awayPeriods, [
              {
                workspaceId,
                personId: a.personId,
                fromAt: a.from.getTime(),
                untilAt: a.until.getTime(),
                note: a.note,
                createdByPersonId: null,
                createdAt: at,
              },
            ]),
          );
        for (const d of data.delegates)
          await tx.run(
            sql`${insertInto(delegates, [
              { workspaceId, personId: d.personId, delegatePersonId: d.delegatePersonId, since: at },
            ])} ${onConflictUpdate([delegates.workspaceId, delegates.personId], [delegates.delegatePersonId])}`,
          );
        for (const h of data.holidays)
          await tx.run(
            sql`${insertInto(holidays, [
              { workspaceId, date: h.date, country: h.country ?? "", name: h.name, createdAt: at },
            ])} on conflict do nothing`,
          );
        for (const c of data.countries)
          await tx.run(
            sql`update ${people} set ${assign(people, { country: c.country })}
              where ${and(eq(people.workspaceId, workspaceId), eq(people.id, c.personId))}`,
          );
        for (const a of data.asks)
          await tx.run(
            insertInto(asks, [
              {
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
              },
            ]),
          );
        const counts = {
          away: data.away.length,
          delegates: data.delegates.length,
          holidays: data.holidays.length,
          countries: data.countries.length,
          asks: data.asks.length,
        };
        await writeAudit(tx, workspaceId, audit, "weeks.import", null, counts);
        return Object.values(counts).reduce((a, b) => a + b, 0);
      });
    },

    async setCountry(workspaceId, personId, country, audit) {
      await x.transaction(async (tx) => {
        await tx.run(
          sql`update ${people} set ${assign(people, { country })}
            where ${and(eq(people.workspaceId, workspaceId), eq(people.id, personId))}`,
        );
        await writeAudit(tx, workspaceId, audit, "person.country", null, { personId, country });
      });
    },
  };
}
