import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { AuditContext } from "../../src/domain/types.js";
import { type AskHandOver, type HandedOverAsk, OPEN_ASK_STATUSES } from "../../src/ports/ask-store.js";
import type { Db } from "../client.js";
import { asks } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";
import { toAsk } from "./rows.js";

/**
 * Runs inside the caller's transaction (a sponsor change, see statements.ts): the initiative's open
 * asks addressed to someone not in `sponsorIds` now wait on `handOver.toPersonId`, each move audited,
 * with the messages built from them. Without sponsors left, nothing moves.
 */
export function handOverAsks(
  db: Db,
  workspaceId: string,
  initiativeId: number,
  sponsorIds: number[],
  handOver: AskHandOver,
  audit: AuditContext,
): HandedOverAsk[] {
  if (sponsorIds.length === 0) return [];
  const to = handOver.toPersonId;
  if (!sponsorIds.includes(to)) throw new Error(`hand-over to person ${to}, who is not a sponsor`);
  const waiting = db
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
    .all();
  if (waiting.length === 0) return [];
  db.update(asks)
    .set({ sponsorPersonId: to })
    .where(
      inArray(
        asks.id,
        waiting.map((r) => r.id),
      ),
    )
    .run();
  const moved = waiting.map((r) => ({
    ask: toAsk({ ...r, sponsorPersonId: to }),
    fromPersonId: r.sponsorPersonId,
  }));
  for (const { ask, fromPersonId } of moved)
    writeAudit(db, workspaceId, audit, "ask.handover", initiativeId, {
      askId: ask.id,
      from: fromPersonId,
      to,
    });
  insertOutbox(db, handOver.outbox(moved), audit.at.getTime());
  return moved;
}
