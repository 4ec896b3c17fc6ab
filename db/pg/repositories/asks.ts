import { and, asc, eq, gte, inArray, notInArray } from "drizzle-orm";
import type { AuditContext } from "../../../src/domain/types.js";
import {
  type AskHandOver,
  type AskStore,
  type HandedOverAsk,
  OPEN_ASK_STATUSES,
} from "../../../src/ports/ask-store.js";
import { toAsk } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { asks } from "../schema.js";
import { type PgTx, writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

/**
 * Runs inside the caller's transaction (a sponsor change): the initiative's open asks addressed to
 * someone not in `sponsorIds` now wait on `handOver.toPersonId`, each move audited, with the messages
 * built from them. Without sponsors left, nothing moves.
 */
export async function handOverAsks(
  tx: PgTx,
  workspaceId: string,
  initiativeId: number,
  sponsorIds: number[],
  handOver: AskHandOver,
  audit: AuditContext,
): Promise<HandedOverAsk[]> {
  if (sponsorIds.length === 0) return [];
  const to = handOver.toPersonId;
  if (!sponsorIds.includes(to)) throw new Error(`hand-over to person ${to}, who is not a sponsor`);
  // Locked until the move commits: an answer arriving meanwhile waits, then lands on the moved ask.
  const waiting = await tx
    .select()
    .from(asks)
    .where(
      and(
        eq(asks.workspaceId, workspaceId),
        eq(asks.initiativeId, initiativeId),
        inArray(asks.status, [...OPEN_ASK_STATUSES]),
        notInArray(asks.sponsorPersonId, sponsorIds),
      ),
    )
    .orderBy(asc(asks.createdAt), asc(asks.id))
    .for("update");
  if (waiting.length === 0) return [];
  await tx
    .update(asks)
    .set({ sponsorPersonId: to })
    .where(
      inArray(
        asks.id,
        waiting.map((r) => r.id),
      ),
    );
  const moved = waiting.map((r) => ({
    ask: toAsk({ ...r, sponsorPersonId: to }),
    fromPersonId: r.sponsorPersonId,
  }));
  for (const { ask, fromPersonId } of moved)
    await writeAudit(tx, workspaceId, audit, "ask.handover", initiativeId, {
      askId: ask.id,
      from: fromPersonId,
      to,
    });
  await insertOutbox(tx, handOver.outbox(moved), audit.at.getTime());
  return moved;
}

/** The AskStore port over PostgreSQL. */
export function createPgAskStore(db: PgDb): AskStore {
  return {
    async createAsk(input, audit, outbox) {
      return db.transaction(async (tx) => {
        const [row] = await tx
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
          .returning();
        if (!row) throw new Error("insert returned no row");
        const ask = toAsk(row);
        await writeAudit(tx, input.workspaceId, audit, "ask.create", input.initiativeId, {
          askId: ask.id,
          text: input.text,
          ...(input.dueAt ? { dueAt: input.dueAt.toISOString() } : {}),
        });
        await insertOutbox(tx, outbox(ask), audit.at.getTime());
        return ask;
      });
    },

    async getAsk(workspaceId, id) {
      const [row] = await db
        .select()
        .from(asks)
        .where(and(eq(asks.workspaceId, workspaceId), eq(asks.id, id)));
      return row ? toAsk(row) : undefined;
    },

    async listAsks(workspaceId, filter = {}) {
      if (filter.initiativeIds?.length === 0 || filter.sponsorPersonIds?.length === 0) return [];
      const rows = await db
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
        .orderBy(asc(asks.createdAt), asc(asks.id));
      return rows.map(toAsk);
    },

    async settle(workspaceId, id, change, audit, outbox) {
      const at = audit.at.getTime();
      const byLead = change.status === "closed" || change.status === "cancelled";
      return db.transaction(async (tx) => {
        // The open-status condition makes a second settle (any replica) change nothing.
        const [row] = await tx
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
          .returning();
        if (!row) return undefined;
        await writeAudit(tx, workspaceId, audit, `ask.${change.status}`, row.initiativeId, {
          askId: id,
          ...(change.response ? { response: change.response } : {}),
        });
        if (outbox.length) await insertOutbox(tx, outbox, at);
        return toAsk(row);
      });
    },
  };
}
