import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { CheckinStore } from "../../src/ports/checkin-store.js";
import type { Executor } from "../executor.js";
import { assign, columns, insertInto } from "../query.js";
import { toEscalation } from "../repositories/rows.js";
import { escalations } from "../schema.js";
import { writeAudit } from "./audit.js";
import { insertOutbox } from "./outbox.js";

type EscalationPart = Pick<
  CheckinStore,
  "escalations" | "createEscalation" | "resolveEscalations" | "ackEscalations" | "snoozeEscalations"
>;

export function createEscalationPart(x: Executor): EscalationPart {
  const open = (workspaceId: string, initiativeId: number) =>
    and(
      eq(escalations.workspaceId, workspaceId),
      eq(escalations.initiativeId, initiativeId),
      isNull(escalations.resolvedAt),
    );
  const update = (
    on: Executor,
    set: Parameters<typeof assign<typeof escalations>>[1],
    where: ReturnType<typeof and>,
  ) => on.run(sql`update ${escalations} set ${assign(escalations, set)} where ${where}`);

  return {
    async escalations(workspaceId, initiativeIds) {
      if (initiativeIds.length === 0) return [];
      const rows = await x.all<typeof escalations.$inferSelect>(
        sql`select ${columns(escalations)} from ${escalations}
          where ${and(
            // On escalations_step (by initiative), not every escalation of the workspace.
            eq(x.dialect.notIndexed(escalations.workspaceId), workspaceId),
            inArray(escalations.initiativeId, initiativeIds),
          )}
          order by ${escalations.createdAt}, ${escalations.id}`,
      );
      return rows.map(toEscalation);
    },

    async createEscalation(input, messages) {
      return x.transaction(async (tx) => {
        // The unique step key: a replica racing on the same step inserts nothing and sends nothing.
        const row = await tx.get<{ id: number }>(
          sql`${insertInto(escalations, [
            {
              workspaceId: input.workspaceId,
              initiativeId: input.initiativeId,
              episode: input.episode.getTime(),
              level: input.level as "cooling" | "lapsing" | "lapsed" | "unsponsored",
              reasons: JSON.stringify(input.reasons),
              createdAt: input.at.getTime(),
            },
          ])} on conflict do nothing returning "id"`,
        );
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

    resolveEscalations: (workspaceId, initiativeId, at) =>
      update(x, { resolvedAt: at.getTime() }, open(workspaceId, initiativeId)),

    async ackEscalations(workspaceId, initiativeId, audit) {
      return x.transaction(async (tx) => {
        const n = await update(
          tx,
          { ackedAt: audit.at.getTime(), ackedByPersonId: audit.actor?.id ?? null },
          and(open(workspaceId, initiativeId), isNull(escalations.ackedAt)),
        );
        if (n > 0) await writeAudit(tx, workspaceId, audit, "escalation.ack", initiativeId, { count: n });
        return n;
      });
    },

    async snoozeEscalations(workspaceId, initiativeId, until, audit) {
      return x.transaction(async (tx) => {
        const n = await update(tx, { snoozedUntil: until.getTime() }, open(workspaceId, initiativeId));
        if (n > 0)
          await writeAudit(tx, workspaceId, audit, "escalation.snooze", initiativeId, {
            until: until.toISOString(),
          });
        return n;
      });
    },
  };
}
