import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { Checkin, CheckinStore } from "../../src/ports/checkin-store.js";
import type { Db } from "../client.js";
import {
  checkinAnswers,
  checkins,
  escalations,
  initiativeRoles,
  initiatives,
  outbox,
  people,
} from "../schema.js";
import { writeAudit } from "./audit.js";
import { breathe } from "./breathe.js";
import { insertOutbox } from "./outbox.js";
import { date, toCheckin } from "./rows.js";
import { statements } from "./statements.js";

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

/** The gate check of every `/stage` move. */
const hot = statements((db) => ({
  // Any number of sponsors in one compiled statement: their ids arrive as a JSON array.
  lastAnswer: db
    .select({ at: checkins.answeredAt })
    .from(checkins)
    .where(
      and(
        eq(checkins.workspaceId, sql.placeholder("workspaceId")),
        eq(checkins.initiativeId, sql.placeholder("initiativeId")),
        sql`${checkins.answeredByPersonId} in (select value from json_each(${sql.placeholder("sponsors")}))`,
        isNotNull(checkins.answeredAt),
      ),
    )
    .orderBy(desc(checkins.answeredAt))
    .limit(1)
    .prepare(),
}));

export function createCheckinPart(db: Db): CheckinPart {
  const withRef = () =>
    db
      .select({ c: checkins, ref: outbox.messageRef })
      .from(checkins)
      .leftJoin(outbox, eq(outbox.id, checkins.outboxId));

  return {
    async dueSlots(now, limit) {
      // Grouped by first sponsor (the one the planner addresses) and never cut inside a group: a
      // sponsor whose initiatives fell on both sides of a batch got two check-in messages (bench fan-out).
      const sponsor = sql<number | null>`(select r.person_id from ${initiativeRoles} r
        join ${people} p on p.id = r.person_id
        where r.initiative_id = ${initiatives.id} and r.role = 'sponsor'
        order by r.since, p.display_name limit 1)`;
      const rows = db
        .select({
          id: initiatives.id,
          ws: initiatives.workspaceId,
          at: initiatives.nextCheckinAt,
          key: initiatives.nextPeriodKey,
          sponsor,
        })
        .from(initiatives)
        .where(and(isNotNull(initiatives.nextCheckinAt), lte(initiatives.nextCheckinAt, now.getTime())))
        .orderBy(
          asc(initiatives.workspaceId),
          asc(sponsor),
          asc(initiatives.nextCheckinAt),
          asc(initiatives.id),
        )
        .limit(limit + 1)
        .all();
      if (rows.length > limit) {
        const key = (i: number) => `${rows[i]?.ws}:${rows[i]?.sponsor}`;
        let end = limit;
        // The batch would cut a sponsor's group: stop before it, unless it is the whole batch.
        if (key(limit) === key(limit - 1)) while (end > 0 && key(end - 1) === key(limit)) end--;
        rows.length = end > 0 ? end : limit;
      }
      return rows.map((r) => ({
        initiativeId: r.id,
        workspaceId: r.ws,
        dueAt: new Date(r.at ?? 0),
        periodKey: r.key,
      }));
    },

    async advance(initiativeId, next) {
      db.update(initiatives)
        .set({ nextCheckinAt: next?.at.getTime() ?? null, nextPeriodKey: next?.periodKey ?? null })
        .where(eq(initiatives.id, initiativeId))
        .run();
    },

    async createBatch(batch, buildOutbox) {
      await breathe();
      return db.transaction(
        (tx) => {
          const created: Checkin[] = [];
          for (const item of batch.items) {
            const row = tx
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
              .returning()
              .get();
            if (row) created.push(toCheckin(row));
            tx.update(initiatives)
              .set({
                nextCheckinAt: item.next?.at.getTime() ?? null,
                nextPeriodKey: item.next?.periodKey ?? null,
              })
              .where(eq(initiatives.id, item.initiativeId))
              .run();
          }
          if (created.length === 0) return created;
          const [prompt, ...copies] = buildOutbox(created);
          // The prompt alone first: its id (not a copy's) is the one the check-ins point at.
          const [outboxId] = insertOutbox(tx, [prompt], batch.at.getTime());
          insertOutbox(tx, copies, batch.at.getTime());
          if (outboxId !== undefined) {
            tx.update(checkins)
              .set({ outboxId })
              .where(
                inArray(
                  checkins.id,
                  created.map((c) => c.id),
                ),
              )
              .run();
          }
          return created;
        },
        { behavior: "immediate" },
      );
    },

    async remindersDue(now, limit) {
      const t = now.getTime();
      return db
        .select()
        .from(checkins)
        .where(
          and(
            eq(checkins.status, "open"),
            isNull(checkins.remindedAt),
            lte(checkins.remindAt, t),
            sql`${checkins.windowClosesAt} > ${t}`,
          ),
        )
        .orderBy(asc(checkins.sponsorPersonId), asc(checkins.id))
        .limit(limit)
        .all()
        .map((r) => toCheckin(r));
    },

    async markReminded(ids, at, message) {
      return db.transaction(
        (tx) => {
          const updated = tx
            .update(checkins)
            .set({ remindedAt: at.getTime() })
            .where(and(inArray(checkins.id, ids), isNull(checkins.remindedAt), eq(checkins.status, "open")))
            .returning({ id: checkins.id })
            .all();
          if (updated.length > 0) insertOutbox(tx, [message], at.getTime());
          return updated.length;
        },
        { behavior: "immediate" },
      );
    },

    async closeMissed(now) {
      return db
        .update(checkins)
        .set({ status: "missed" })
        .where(and(eq(checkins.status, "open"), lte(checkins.windowClosesAt, now.getTime())))
        .returning()
        .all()
        .map((r) => toCheckin(r));
    },

    async getCheckin(workspaceId, id) {
      const row = withRef()
        .where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id)))
        .get();
      return row ? toCheckin(row.c, row.ref) : undefined;
    },

    async siblings(workspaceId, id) {
      const self = db
        .select({ outboxId: checkins.outboxId })
        .from(checkins)
        .where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, id)))
        .get();
      if (!self) return [];
      const where = self.outboxId === null ? eq(checkins.id, id) : eq(checkins.outboxId, self.outboxId);
      return withRef()
        .where(and(eq(checkins.workspaceId, workspaceId), where))
        .orderBy(asc(checkins.id))
        .all()
        .map((r) => toCheckin(r.c, r.ref));
    },

    async openCheckinsOf(workspaceId, personId, now) {
      return withRef()
        .where(
          and(
            eq(checkins.workspaceId, workspaceId),
            eq(checkins.sponsorPersonId, personId),
            inArray(checkins.status, ["open", "answered"]),
            sql`${checkins.windowClosesAt} > ${now.getTime()}`,
          ),
        )
        .orderBy(asc(checkins.dueAt), asc(checkins.id))
        .all()
        .map((r) => toCheckin(r.c, r.ref));
    },

    async history(workspaceId, initiativeIds, since) {
      if (initiativeIds.length === 0) return [];
      return db
        .select()
        .from(checkins)
        .where(
          and(
            // The unary + keeps SQLite off checkins_ws_due: it read every check-in of the workspace
            // since `since` (390,000 at 15,000 initiatives) to keep a few of them, for each batch.
            eq(sql`+${checkins.workspaceId}`, workspaceId),
            inArray(checkins.initiativeId, initiativeIds),
            gte(checkins.dueAt, since.getTime()),
          ),
        )
        .orderBy(asc(checkins.dueAt), asc(checkins.id))
        .all()
        .map((r) => toCheckin(r));
    },

    async lastAnswerAt(workspaceId, initiativeId, sponsorPersonIds) {
      if (sponsorPersonIds.length === 0) return null;
      const row = hot(db).lastAnswer.get({
        workspaceId,
        initiativeId,
        sponsors: JSON.stringify(sponsorPersonIds),
      });
      return date(row?.at ?? null);
    },

    async recordAnswer(workspaceId, checkinId, patch, audit, extra = []) {
      // An answer is always someone's: the history row names them.
      const answerer = audit.actor;
      if (!answerer) throw new Error("recordAnswer needs the person who answers");
      return db.transaction(
        (tx) => {
          const row = tx
            .select()
            .from(checkins)
            .where(and(eq(checkins.workspaceId, workspaceId), eq(checkins.id, checkinId)))
            .get();
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
          const updated = tx
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
            .returning()
            .get();
          tx.insert(checkinAnswers)
            .values({
              checkinId,
              personId: answerer.id,
              choice: next.choice ?? "",
              confidence: next.confidence,
              note: next.note,
              platform: audit.platform,
              at,
            })
            .run();
          // The sponsor answered: the current disengagement episode is over.
          tx.update(escalations)
            .set({ resolvedAt: at })
            .where(and(eq(escalations.initiativeId, row.initiativeId), isNull(escalations.resolvedAt)))
            .run();
          writeAudit(db, workspaceId, audit, "checkin.answer", row.initiativeId, { checkinId, ...patch });
          if (extra.length) insertOutbox(tx, extra, at);
          return { checkin: toCheckin(updated ?? row), changed };
        },
        { behavior: "immediate" },
      );
    },
  };
}
