import { and, asc, eq, gte, inArray } from "drizzle-orm";
import { type AskStore, OPEN_ASK_STATUSES } from "../../src/asks/store.js";
import type { Db } from "../client.js";
import { asks } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";
import { toAsk } from "./rows.js";

/** The AskStore port over SQLite. */
export function createAskStore(db: Db): AskStore {
  return {
    async createAsk(input, audit, outbox) {
      return db.transaction(
        (tx) => {
          const row = tx
            .insert(asks)
            .values({
              workspaceId: input.workspaceId,
              initiativeId: input.initiativeId,
              sponsorPersonId: input.sponsorPersonId,
              createdByPersonId: audit.actor?.id ?? null,
              text: input.text,
              dueAt: input.dueAt?.getTime() ?? null,
              createdAt: audit.at.getTime(),
            })
            .returning()
            .get();
          const ask = toAsk(row);
          writeAudit(db, input.workspaceId, audit, "ask.create", input.initiativeId, {
            askId: ask.id,
            text: input.text,
            ...(input.dueAt ? { dueAt: input.dueAt.toISOString() } : {}),
          });
          insertOutbox(tx, outbox(ask), audit.at.getTime());
          return ask;
        },
        { behavior: "immediate" },
      );
    },

    async getAsk(workspaceId, id) {
      const row = db
        .select()
        .from(asks)
        .where(and(eq(asks.workspaceId, workspaceId), eq(asks.id, id)))
        .get();
      return row ? toAsk(row) : undefined;
    },

    async listAsks(workspaceId, filter = {}) {
      if (filter.initiativeIds?.length === 0 || filter.sponsorPersonIds?.length === 0) return [];
      return db
        .select()
        .from(asks)
        .where(
          and(
            eq(asks.workspaceId, workspaceId),
            filter.initiativeIds ? inArray(asks.initiativeId, filter.initiativeIds) : undefined,
            filter.sponsorPersonIds ? inArray(asks.sponsorPersonId, filter.sponsorPersonIds) : undefined,
            filter.statuses ? inArray(asks.status, [...filter.statuses]) : undefined,
            filter.respondedSince ? gte(asks.respondedAt, filter.respondedSince.getTime()) : undefined,
          ),
        )
        .orderBy(asc(asks.createdAt), asc(asks.id))
        .all()
        .map(toAsk);
    },

    async settle(workspaceId, id, change, audit, outbox) {
      const at = audit.at.getTime();
      const byLead = change.status === "closed" || change.status === "cancelled";
      return db.transaction(
        (tx) => {
          const row = tx
            .update(asks)
            .set({
              status: change.status,
              ...(byLead
                ? { closedAt: at }
                : {
                    response: change.response,
                    respondedAt: at,
                    respondedByPersonId: audit.actor?.id ?? null,
                  }),
            })
            .where(
              and(
                eq(asks.workspaceId, workspaceId),
                eq(asks.id, id),
                inArray(asks.status, [...OPEN_ASK_STATUSES]),
              ),
            )
            .returning()
            .get();
          if (!row) return undefined;
          writeAudit(db, workspaceId, audit, `ask.${change.status}`, row.initiativeId, {
            askId: id,
            ...(change.response ? { response: change.response } : {}),
          });
          if (outbox.length) insertOutbox(tx, outbox, at);
          return toAsk(row);
        },
        { behavior: "immediate" },
      );
    },
  };
}
