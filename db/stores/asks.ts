import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { asksToHandOver } from "../../src/asks/moves.js";
import type { AuditContext } from "../../src/domain/types.js";
import {
  type AskHandOver,
  type AskStore,
  type HandedOverAsk,
  OPEN_ASK_STATUSES,
} from "../../src/ports/ask-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto, returning } from "../query.js";
import { toAsk } from "../repositories/rows.js";
import { asks } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

type AskRow = typeof asks.$inferSelect;

const byCreation = sql`order by ${asks.createdAt}, ${asks.id}`;

/**
 * Runs on the caller's transaction (a sponsor change): the initiative's open asks that the core's
 * rule moves (src/asks/moves.ts) now wait on `handOver.toPersonId`, each move audited, with the
 * messages built from them.
 */
export async function handOverAsks(
  tx: Executor,
  workspaceId: string,
  initiativeId: number,
  sponsorIds: number[],
  handOver: AskHandOver,
  audit: AuditContext,
): Promise<HandedOverAsk[]> {
  if (sponsorIds.length === 0) return [];
  // Locked until the move commits: an answer arriving meanwhile waits, then lands on the moved ask.
  const open = await tx.all<AskRow>(
    sql`select ${columns(asks)} from ${asks}
      where ${and(
        eq(asks.workspaceId, workspaceId),
        eq(asks.initiativeId, initiativeId),
        inArray(asks.status, [...OPEN_ASK_STATUSES]),
      )} ${byCreation}${tx.dialect.forUpdate}`,
  );
  const moved = asksToHandOver(open.map(toAsk), sponsorIds, handOver.toPersonId);
  if (moved.length === 0) return [];
  await tx.run(
    sql`update ${asks} set ${assign(asks, { sponsorPersonId: handOver.toPersonId })}
      where ${inArray(
        asks.id,
        moved.map((m) => m.ask.id),
      )}`,
  );
  for (const { ask, fromPersonId } of moved)
    await writeAudit(tx, workspaceId, audit, "ask.handover", initiativeId, {
      askId: ask.id,
      from: fromPersonId,
      to: handOver.toPersonId,
    });
  await insertOutbox(tx, handOver.outbox(moved), audit.at.getTime());
  return moved;
}

export function createAskStore(x: Executor): AskStore {
  return {
    async createAsk(input, audit, outbox) {
      return x.transaction(async (tx) => {
        const row = await tx.get<AskRow>(
          sql`${insertInto(asks, [
            {
              workspaceId: input.workspaceId,
              initiativeId: input.initiativeId,
              sponsorPersonId: input.sponsorPersonId,
              createdByPersonId: audit.actor?.id ?? null,
              text: input.text,
              dueAt: input.dueAt?.getTime() ?? null,
              createdAt: audit.at.getTime(),
            },
          ])} ${returning(asks)}`,
        );
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
      const row = await x.get<AskRow>(
        sql`select ${columns(asks)} from ${asks} where ${and(eq(asks.workspaceId, workspaceId), eq(asks.id, id))}`,
      );
      return row ? toAsk(row) : undefined;
    },

    async listAsks(workspaceId, filter = {}) {
      if (filter.initiativeIds?.length === 0 || filter.sponsorPersonIds?.length === 0) return [];
      const rows = await x.all<AskRow>(
        sql`select ${columns(asks)} from ${asks}
          where ${and(
            eq(asks.workspaceId, workspaceId),
            filter.initiativeIds ? inArray(asks.initiativeId, filter.initiativeIds) : undefined,
            filter.sponsorPersonIds ? inArray(asks.sponsorPersonId, filter.sponsorPersonIds) : undefined,
            filter.statuses ? inArray(asks.status, [...filter.statuses]) : undefined,
            filter.respondedSince ? gte(asks.respondedAt, filter.respondedSince.getTime()) : undefined,
          )} ${byCreation}`,
      );
      return rows.map(toAsk);
    },

    async settle(workspaceId, id, change, audit, outbox) {
      const at = audit.at.getTime();
      const byLead = change.status === "closed" || change.status === "cancelled";
      return x.transaction(async (tx) => {
        // The open-status condition makes a second settle (any replica) change nothing.
        const row = await tx.get<AskRow>(
          sql`update ${asks} set ${assign(asks, {
            status: change.status,
            ...(byLead
              ? { closedAt: at }
              : { response: change.response, respondedAt: at, respondedByPersonId: audit.actor?.id ?? null }),
          })}
          where ${and(
            eq(asks.workspaceId, workspaceId),
            eq(asks.id, id),
            inArray(asks.status, [...OPEN_ASK_STATUSES]),
          )} ${returning(asks)}`,
        );
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
