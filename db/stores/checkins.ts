import { and, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { mergeAnswer } from "../../src/checkins/answer-merge.js";
import { PulseError } from "../../src/core/errors.js";
import type { Checkin, CheckinStore } from "../../src/ports/checkin-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto, returning } from "../query.js";
import { date, toCheckin } from "../repositories/rows.js";
import { checkinAnswers, checkins, escalations, initiatives, outbox } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

type CheckinPart = Pick<
  CheckinStore,
  | "dueSlots"
  | "advance"
  | "createBatch"
  | "remindersDue"
  | "markReminded"
  | "closeMissed"
  | "getCheckin"
  | "siblings"
  | "openCheckinsOf"
  | "history"
  | "lastAnswerAt"
  | "recordAnswer"
>;

type CheckinRow = typeof checkins.$inferSelect;
type WithRef = CheckinRow & { ref: string | null };

const byDue = sql`order by ${checkins.dueAt}, ${checkins.id}`;

/**
 * Check-ins and answers. Planning the same slot twice (replicas racing, a retried tick) inserts
 * nothing the second time: the unique (initiative, period) key lets one win.
 */
export function createCheckinPart(x: Executor): CheckinPart {
  const { dialect } = x;
  const withRef = (where: ReturnType<typeof sql>, order = sql`order by ${checkins.id}`) =>
    x
      .all<WithRef>(
        sql`select ${columns(checkins)}, ${outbox.messageRef} as "ref" from ${checkins}
          left join ${outbox} on ${eq(outbox.id, checkins.outboxId)} where ${where} ${order}`,
      )
      .then((rows) => rows.map((r) => toCheckin(r, r.ref)));
  const select = (where: ReturnType<typeof sql>, tail = sql``) =>
    x.all<CheckinRow>(sql`select ${columns(checkins)} from ${checkins} where ${where} ${tail}`);
  const nextSlot = (initiativeId: number, next: { at: Date; periodKey: string } | null) =>
    sql`update ${initiatives} set ${assign(initiatives, {
      nextCheckinAt: next?.at.getTime() ?? null,
      nextPeriodKey: next?.periodKey ?? null,
    })}${dialect.planLeaseEnd} where ${eq(initiatives.id, initiativeId)}`;

  return {
    dueSlots: (now, limit) => dialect.dueSlots(now, limit),

    async advance(initiativeId, next) {
      await x.run(nextSlot(initiativeId, next));
    },

    async createBatch(batch, buildOutbox) {
      return x.transaction(async (tx) => {
        const created: Checkin[] = [];
        for (const item of batch.items) {
          const row = await tx.get<CheckinRow>(
            sql`${insertInto(checkins, [
              {
                workspaceId: batch.workspaceId,
                initiativeId: item.initiativeId,
                sponsorPersonId: batch.sponsorPersonId,
                periodKey: item.periodKey,
                dueAt: item.dueAt.getTime(),
                windowClosesAt: item.windowClosesAt.getTime(),
                remindAt: item.remindAt?.getTime() ?? null,
              },
            ])} on conflict do nothing ${returning(checkins)}`,
          );
          if (row) created.push(toCheckin(row));
          await tx.run(nextSlot(item.initiativeId, item.next));
        }
        if (created.length === 0) return created;
        const [prompt, ...copies] = buildOutbox(created);
        // The prompt alone first: its id (not a copy's) is the one the check-ins point at.
        const [outboxId] = await insertOutbox(tx, [prompt], batch.at.getTime());
        await insertOutbox(tx, copies, batch.at.getTime());
        if (outboxId !== undefined)
          await tx.run(
            sql`update ${checkins} set ${assign(checkins, { outboxId })} where ${inArray(
              checkins.id,
              created.map((c) => c.id),
            )}`,
          );
        return created;
      });
    },

    async remindersDue(now, limit) {
      const t = now.getTime();
      const rows = await select(
        sql`${and(eq(checkins.status, "open"), isNull(checkins.remindedAt), lte(checkins.remindAt, t))}
          and ${checkins.windowClosesAt} > ${t}`,
        sql`order by ${checkins.sponsorPersonId}, ${checkins.id} limit ${limit}`,
      );
      return rows.map((r) => toCheckin(r));
    },

    async markReminded(ids, at, message) {
      return x.transaction(async (tx) => {
        // A concurrent replica's update waits for this one, then finds reminded_at set: one reminder.
        const n = await tx.run(
          sql`update ${checkins} set ${assign(checkins, { remindedAt: at.getTime() })}
            where ${and(inArray(checkins.id, ids), isNull(checkins.remindedAt), eq(checkins.status, "open"))}`,
        );
        if (n > 0) await insertOutbox(tx, [message], at.getTime());
        return n;
      });
    },

    async closeMissed(now) {
      const rows = await x.all<CheckinRow>(
        sql`update ${checkins} set "status" = 'missed'
          where ${and(eq(checkins.status, "open"), lte(checkins.windowClosesAt, now.getTime()))}
          ${returning(checkins)}`,
      );
      return rows.sort((a, b) => a.id - b.id).map((r) => toCheckin(r));
    },

    async getCheckin(workspaceId, id) {
      const [row] = await withRef(sql`${and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id))}`);
      return row;
    },

    async siblings(workspaceId, id) {
      const self = await x.get<{ outboxId: number | null }>(
        sql`select ${checkins.outboxId} as "outboxId" from ${checkins}
          where ${and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id))}`,
      );
      if (!self) return [];
      const same = self.outboxId === null ? eq(checkins.id, id) : eq(checkins.outboxId, self.outboxId);
      return withRef(sql`${and(eq(checkins.workspaceId, workspaceId), same)}`);
    },

    async openCheckinsOf(workspaceId, personId, now) {
      return withRef(
        sql`${and(
          eq(checkins.workspaceId, workspaceId),
          eq(checkins.sponsorPersonId, personId),
          inArray(checkins.status, ["open", "answered"]),
        )} and ${checkins.windowClosesAt} > ${now.getTime()}`,
        byDue,
      );
    },

    async history(workspaceId, initiativeIds, since) {
      if (initiativeIds.length === 0) return [];
      const rows = await select(
        sql`${and(
          // Off checkins_ws_due: it read every check-in of the workspace since `since` (390,000 at
          // 15,000 initiatives) to keep a few of them, for each batch of the daily sweep.
          eq(dialect.notIndexed(checkins.workspaceId), workspaceId),
          inArray(checkins.initiativeId, initiativeIds),
          gte(checkins.dueAt, since.getTime()),
        )}`,
        byDue,
      );
      return rows.map((r) => toCheckin(r));
    },

    async lastAnswerAt(workspaceId, initiativeId, sponsorPersonIds) {
      if (sponsorPersonIds.length === 0) return null;
      const row = await x.get<{ at: number }>(
        sql`select ${checkins.answeredAt} as "at" from ${checkins}
          where ${and(
            eq(checkins.workspaceId, workspaceId),
            eq(checkins.initiativeId, initiativeId),
            inArray(checkins.answeredByPersonId, sponsorPersonIds),
            isNotNull(checkins.answeredAt),
          )}
          order by ${checkins.answeredAt} desc limit 1`,
      );
      return date(row?.at ?? null);
    },

    async recordAnswer(workspaceId, checkinId, patch, audit, extra = []) {
      // An answer is always someone's: the history row names them.
      const answerer = audit.actor;
      if (!answerer) throw new Error("recordAnswer needs the person who answers");
      return x.transaction(async (tx) => {
        // Locked: a double click landing on two replicas is applied one after the other.
        const row = await tx.get<CheckinRow>(
          sql`select ${columns(checkins)} from ${checkins}
            where ${and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, checkinId))}${dialect.forUpdate}`,
        );
        if (!row) throw new PulseError("not_found", "That check-in does not exist.");
        const at = audit.at.getTime();
        const next = mergeAnswer(row, patch, answerer.id, at);
        if (!next) return { checkin: toCheckin(row), changed: false };
        const updated = await tx.get<CheckinRow>(
          sql`update ${checkins} set ${assign(checkins, next)} where ${eq(checkins.id, checkinId)} ${returning(checkins)}`,
        );
        await tx.run(
          insertInto(checkinAnswers, [
            {
              checkinId,
              personId: answerer.id,
              choice: next.choice ?? "",
              confidence: next.confidence,
              note: next.note,
              platform: audit.platform,
              at,
            },
          ]),
        );
        // The sponsor answered: the current disengagement episode is over.
        await tx.run(
          sql`update ${escalations} set ${assign(escalations, { resolvedAt: at })}
            where ${and(eq(escalations.initiativeId, row.initiativeId), isNull(escalations.resolvedAt))}`,
        );
        await writeAudit(tx, workspaceId, audit, "checkin.answer", row.initiativeId, { checkinId, ...patch });
        if (extra.length) await insertOutbox(tx, extra, at);
        return { checkin: toCheckin(updated ?? row), changed: true };
      });
    },
  };
}
