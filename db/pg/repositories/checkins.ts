import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { PulseError } from "../../../src/core/errors.js";
import type { Checkin, CheckinStore } from "../../../src/ports/checkin-store.js";
import { date, toCheckin } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { checkinAnswers, checkins, escalations, initiatives, outbox } from "../schema.js";
import { writeAudit } from "./audit.js";
import { claimDueSlots } from "./due-slots.js";
import type { LeaseOptions } from "./lease.js";
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

/**
 * Check-ins over PostgreSQL. Replicas planning the same slot both try to insert; the unique
 * (initiative, period) key lets one win and the other insert nothing and enqueue nothing.
 */
export function createCheckinPart(db: PgDb, options: LeaseOptions = {}): CheckinPart {
  const withRef = () =>
    db
      .select({ c: checkins, ref: outbox.messageRef })
      .from(checkins)
      .leftJoin(outbox, eq(outbox.id, checkins.outboxId));

  return {
    dueSlots: (now, limit) => claimDueSlots(db, now, limit, options),

    async advance(initiativeId, next) {
      await db
        .update(initiatives)
        .set({
          nextCheckinAt: next?.at.getTime() ?? null,
          nextPeriodKey: next?.periodKey ?? null,
          planLeaseUntil: null,
        })
        .where(eq(initiatives.id, initiativeId));
    },

    async createBatch(batch, buildOutbox) {
      return db.transaction(async (tx) => {
        const created: Checkin[] = [];
        for (const item of batch.items) {
          const [row] = await tx
            .insert(checkins)
            .values({
              workspaceId: batch.workspaceId,
              initiativeId: item.initiativeId,
              sponsorPersonId: batch.sponsorPersonId,
              periodKey: item.periodKey,
              dueAt: item.dueAt.getTime(),
              windowClosesAt: item.windowClosesAt.getTime(),
              remindAt: item.remindAt?.getTime() ?? null,
            })
            .onConflictDoNothing()
            .returning();
          if (row) created.push(toCheckin(row));
          await tx
            .update(initiatives)
            .set({
              nextCheckinAt: item.next?.at.getTime() ?? null,
              nextPeriodKey: item.next?.periodKey ?? null,
              planLeaseUntil: null,
            })
            .where(eq(initiatives.id, item.initiativeId));
        }
        if (created.length === 0) return created;
        const [prompt, ...copies] = buildOutbox(created);
        // The prompt alone first: its id (not a copy's) is the one the check-ins point at.
        const [outboxId] = await insertOutbox(tx, [prompt], batch.at.getTime());
        await insertOutbox(tx, copies, batch.at.getTime());
        if (outboxId !== undefined) {
          await tx
            .update(checkins)
            .set({ outboxId })
            .where(
              inArray(
                checkins.id,
                created.map((c) => c.id),
              ),
            );
        }
        return created;
      });
    },

    async remindersDue(now, limit) {
      const t = now.getTime();
      const rows = await db
        .select()
        .from(checkins)
        .where(
          and(
            eq(checkins.status, "open"),
            isNull(checkins.remindedAt),
            lte(checkins.remindAt, t),
            gt(checkins.windowClosesAt, t),
          ),
        )
        .orderBy(asc(checkins.sponsorPersonId), asc(checkins.id))
        .limit(limit);
      return rows.map((r) => toCheckin(r));
    },

    async markReminded(ids, at, message) {
      return db.transaction(async (tx) => {
        // A concurrent replica's update waits for this one, then finds reminded_at set: one reminder.
        const updated = await tx
          .update(checkins)
          .set({ remindedAt: at.getTime() })
          .where(and(inArray(checkins.id, ids), isNull(checkins.remindedAt), eq(checkins.status, "open")))
          .returning({ id: checkins.id });
        if (updated.length > 0) await insertOutbox(tx, [message], at.getTime());
        return updated.length;
      });
    },

    async closeMissed(now) {
      const rows = await db
        .update(checkins)
        .set({ status: "missed" })
        .where(and(eq(checkins.status, "open"), lte(checkins.windowClosesAt, now.getTime())))
        .returning();
      return rows.sort((a, b) => a.id - b.id).map((r) => toCheckin(r));
    },

    async getCheckin(workspaceId, id) {
      const [row] = await withRef().where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id)));
      return row ? toCheckin(row.c, row.ref) : undefined;
    },

    async siblings(workspaceId, id) {
      const [self] = await db
        .select({ outboxId: checkins.outboxId })
        .from(checkins)
        .where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id)));
      if (!self) return [];
      const where = self.outboxId === null ? eq(checkins.id, id) : eq(checkins.outboxId, self.outboxId);
      const rows = await withRef()
        .where(and(eq(checkins.workspaceId, workspaceId), where))
        .orderBy(asc(checkins.id));
      return rows.map((r) => toCheckin(r.c, r.ref));
    },

    async openCheckinsOf(workspaceId, personId, now) {
      const rows = await withRef()
        .where(
          and(
            eq(checkins.workspaceId, workspaceId),
            eq(checkins.sponsorPersonId, personId),
            inArray(checkins.status, ["open", "answered"]),
            gt(checkins.windowClosesAt, now.getTime()),
          ),
        )
        .orderBy(asc(checkins.dueAt), asc(checkins.id));
      return rows.map((r) => toCheckin(r.c, r.ref));
    },

    async history(workspaceId, initiativeIds, since) {
      if (initiativeIds.length === 0) return [];
      const rows = await db
        .select()
        .from(checkins)
        .where(
          and(
            eq(checkins.workspaceId, workspaceId),
            inArray(checkins.initiativeId, initiativeIds),
            gte(checkins.dueAt, since.getTime()),
          ),
        )
        .orderBy(asc(checkins.dueAt), asc(checkins.id));
      return rows.map((r) => toCheckin(r));
    },

    async lastAnswerAt(workspaceId, initiativeId, sponsorPersonIds) {
      if (sponsorPersonIds.length === 0) return null;
      const [row] = await db
        .select({ at: checkins.answeredAt })
        .from(checkins)
        .where(
          and(
            eq(checkins.workspaceId, workspaceId),
            eq(checkins.initiativeId, initiativeId),
            inArray(checkins.answeredByPersonId, sponsorPersonIds),
            isNotNull(checkins.answeredAt),
          ),
        )
        .orderBy(desc(checkins.answeredAt))
        .limit(1);
      return date(row?.at ?? null);
    },

    async recordAnswer(workspaceId, checkinId, patch, audit, extra = []) {
      // An answer is always someone's: the history row names them.
      const answerer = audit.actor;
      if (!answerer) throw new Error("recordAnswer needs the person who answers");
      return db.transaction(async (tx) => {
        // FOR UPDATE: a double click landing on two replicas is applied one after the other.
        const [row] = await tx
          .select()
          .from(checkins)
          .where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, checkinId)))
          .for("update");
        if (!row) throw new PulseError("not_found", "That check-in does not exist.");
        const at = audit.at.getTime();
        const next = {
          choice: patch.choice ?? row.choice ?? null,
          confidence: patch.confidence ?? row.confidence ?? null,
          note: patch.note ?? row.note ?? null,
        };
        const changed =
          row.status !== "answered" ||
          next.choice !== row.choice ||
          next.confidence !== row.confidence ||
          next.note !== row.note ||
          row.answeredByPersonId !== (audit.actor?.id ?? null);
        if (!changed) return { checkin: toCheckin(row), changed };
        const [updated] = await tx
          .update(checkins)
          .set({
            ...next,
            status: "answered",
            answeredAt: at,
            answeredByPersonId: audit.actor?.id ?? null,
            // Latency is to the first answer; edits do not reset it.
            latencySeconds: row.latencySeconds ?? Math.max(0, Math.round((at - row.dueAt) / 1000)),
          })
          .where(eq(checkins.id, checkinId))
          .returning();
        await tx.insert(checkinAnswers).values({
          checkinId,
          personId: answerer.id,
          choice: next.choice ?? "",
          confidence: next.confidence,
          note: next.note,
          platform: audit.platform,
          at,
        });
        // The sponsor answered: the current disengagement episode is over.
        await tx
          .update(escalations)
          .set({ resolvedAt: at })
          .where(and(eq(escalations.initiativeId, row.initiativeId), isNull(escalations.resolvedAt)));
        await writeAudit(tx, workspaceId, audit, "checkin.answer", row.initiativeId, { checkinId, ...patch });
        if (extra.length) await insertOutbox(tx, extra, at);
        return { checkin: toCheckin(updated ?? row), changed };
      });
    },
  };
}
