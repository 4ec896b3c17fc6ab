import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { CheckinStore } from "../../../src/ports/checkin-store.js";
import { toEscalation } from "../../repositories/rows.js";
import type { PgDb } from "../client.js";
import { escalations } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

type EscalationPart = Pick<
  CheckinStore,
  "escalations" | "createEscalation" | "resolveEscalations" | "ackEscalations" | "snoozeEscalations"
>;

export function createEscalationPart(db: PgDb): EscalationPart {
  const open = (workspaceId: string, initiativeId: number) =>
    and(
      eq(escalations.workspaceId, workspaceId),
      eq(escalations.initiativeId, initiativeId),
      isNull(escalations.resolvedAt),
    );

  return {
    async escalations(workspaceId, initiativeIds) {
      if (initiativeIds.length === 0) return [];
      const rows = await db
        .select()
        .from(escalations)
        .where(
          and(eq(escalations.workspaceId, workspaceId), inArray(escalations.initiativeId, initiativeIds)),
        )
        .orderBy(asc(escalations.createdAt), asc(escalations.id));
      return rows.map(toEscalation);
    },

    async createEscalation(input, messages) {
      return db.transaction(async (tx) => {
        // The unique step key: a replica racing on the same step inserts nothing and sends nothing.
        const [row] = await tx
          .insert(escalations)
          .values({
            workspaceId: input.workspaceId,
            initiativeId: input.initiativeId,
            episode: input.episode.getTime(),
            level: input.level as "cooling" | "lapsing" | "lapsed" | "unsponsored",
            reasons: JSON.stringify(input.reasons),
            createdAt: input.at.getTime(),
          })
          .onConflictDoNothing()
          .returning({ id: escalations.id });
        if (!row) return false;
        await insertOutbox(tx, messages, input.at.getTime());
        await writeAudit(
          tx,
          input.workspaceId,
          { actor: null, label: "scheduler", platform: "system", at: input.at },
          `escalation.${input.level}`,
          input.initiativeId,
          { reasons: input.reasons },
        );
        return true;
      });
    },

    async resolveEscalations(workspaceId, initiativeId, at) {
      const rows = await db
        .update(escalations)
        .set({ resolvedAt: at.getTime() })
        .where(open(workspaceId, initiativeId))
        .returning({ id: escalations.id });
      return rows.length;
    },

    async ackEscalations(workspaceId, initiativeId, audit) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(escalations)
          .set({ ackedAt: audit.at.getTime(), ackedByPersonId: audit.actor?.id ?? null })
          .where(and(open(workspaceId, initiativeId), isNull(escalations.ackedAt)))
          .returning({ id: escalations.id });
        const n = rows.length;
        if (n > 0) await writeAudit(tx, workspaceId, audit, "escalation.ack", initiativeId, { count: n });
        return n;
      });
    },

    async snoozeEscalations(workspaceId, initiativeId, until, audit) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(escalations)
          .set({ snoozedUntil: until.getTime() })
          .where(open(workspaceId, initiativeId))
          .returning({ id: escalations.id });
        const n = rows.length;
        if (n > 0)
          await writeAudit(tx, workspaceId, audit, "escalation.snooze", initiativeId, {
            until: until.toISOString(),
          });
        return n;
      });
    },
  };
}
