import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { CheckinStore } from "../../src/ports/checkin-store.js";
import type { Db } from "../client.js";
import { escalations } from "../schema.js";
import { writeAudit } from "./audit.js";
import { breathe } from "./breathe.js";
import { insertOutbox } from "./outbox.js";
import { toEscalation } from "./rows.js";

type EscalationPart = Pick<
  CheckinStore,
  "escalations" | "createEscalation" | "resolveEscalations" | "ackEscalations" | "snoozeEscalations"
>;

export function createEscalationPart(db: Db): EscalationPart {
  const open = (workspaceId: string, initiativeId: number) =>
    and(
      eq(escalations.workspaceId, workspaceId),
      eq(escalations.initiativeId, initiativeId),
      isNull(escalations.resolvedAt),
    );

  return {
    async escalations(workspaceId, initiativeIds) {
      if (initiativeIds.length === 0) return [];
      return db
        .select()
        .from(escalations)
        .where(
          // + keeps SQLite on escalations_step (by initiative), not every escalation of the workspace.
          and(
            eq(sql`+${escalations.workspaceId}`, workspaceId),
            inArray(escalations.initiativeId, initiativeIds),
          ),
        )
        .orderBy(asc(escalations.createdAt), asc(escalations.id))
        .all()
        .map(toEscalation);
    },

    async createEscalation(input, messages) {
      await breathe();
      return db.transaction(
        (tx) => {
          const row = tx
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
            .returning({ id: escalations.id })
            .get();
          if (!row) return false;
          insertOutbox(tx, messages, input.at.getTime());
          writeAudit(
            db,
            input.workspaceId,
            { actor: null, label: "scheduler", platform: "system", at: input.at },
            `escalation.${input.level}`,
            input.initiativeId,
            { reasons: input.reasons },
          );
          return true;
        },
        { behavior: "immediate" },
      );
    },

    async resolveEscalations(workspaceId, initiativeId, at) {
      return db
        .update(escalations)
        .set({ resolvedAt: at.getTime() })
        .where(open(workspaceId, initiativeId))
        .run().changes;
    },

    async ackEscalations(workspaceId, initiativeId, audit) {
      return db.transaction((tx) => {
        const n = tx
          .update(escalations)
          .set({ ackedAt: audit.at.getTime(), ackedByPersonId: audit.actor?.id ?? null })
          .where(and(open(workspaceId, initiativeId), isNull(escalations.ackedAt)))
          .run().changes;
        if (n > 0) writeAudit(db, workspaceId, audit, "escalation.ack", initiativeId, { count: n });
        return n;
      });
    },

    async snoozeEscalations(workspaceId, initiativeId, until, audit) {
      return db.transaction((tx) => {
        const n = tx
          .update(escalations)
          .set({ snoozedUntil: until.getTime() })
          .where(open(workspaceId, initiativeId))
          .run().changes;
        if (n > 0)
          writeAudit(db, workspaceId, audit, "escalation.snooze", initiativeId, {
            until: until.toISOString(),
          });
        return n;
      });
    },
  };
}
