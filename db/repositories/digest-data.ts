/**
 * Reads what the weekly PMO digest needs for one workspace (and one PMO channel) in a handful of
 * set-based queries — never one per initiative — so it stays fast at 5,000 initiatives and 500,000
 * check-ins. Plain rows: the core reads what they mean (src/digest/load.ts) and assembles the digest.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type { DigestRows, InitiativeFact, RoleFact } from "../../src/digest/facts.js";
import type { DigestLoadOptions, DigestReads } from "../../src/digest/store.js";
import type { Db } from "../client.js";
import { checkins, people } from "../schema.js";
import { checkinReads, chunks, scopeCheckins } from "./digest-checkins.js";
import { digestQueries, parseRows, type ScopeParams } from "./digest-queries.js";

/** Rows of the initiatives and roles queries (digest-queries.ts), in their column order. */
type InitiativeRow = [
  id: number,
  slug: string,
  name: string,
  stage: InitiativeFact["stage"],
  status: InitiativeFact["status"],
  statusReason: string | null,
  cadence: string,
  stageEnteredAt: number,
  createdAt: number,
  updatedAt: number,
];
type RoleRow = [
  initiativeId: number,
  role: RoleFact["role"],
  personId: number,
  name: string,
  tz: string | null,
  since: number,
];

const date = (ms: number) => new Date(ms);
const maybeDate = (ms: number | null) => (ms === null ? null : new Date(ms));

export async function loadDigestData(
  db: Db,
  workspaceId: string,
  options: DigestLoadOptions,
): Promise<DigestRows> {
  const q = digestQueries(db);
  const now = options.now.getTime();
  const since = options.since.getTime();
  const ws = q.workspace.get({ workspaceId });
  if (!ws) throw new PulseError("not_found", `There is no workspace "${workspaceId}".`);

  // In scope: this channel's initiatives (the default channel also has those without one) that are
  // open, or closed during the period.
  const channelId = options.channelId ?? null;
  const params: ScopeParams = {
    workspaceId: ws.id,
    channelId,
    orDefault: channelId !== null && channelId === ws.defaultChannel ? 1 : 0,
    since,
    now,
  };

  // One JSON array each, not 15,000 rows built one by one (digest-queries.ts).
  const initiatives = parseRows(q.initiatives.get(params)?.rows, (row: InitiativeRow): InitiativeFact => {
    const [id, slug, name, stage, status, statusReason, cadence, stageEnteredAt, createdAt, updatedAt] = row;
    return {
      id,
      slug,
      name,
      stage,
      status,
      statusReason,
      cadence,
      stageEnteredAt: date(stageEnteredAt),
      createdAt: date(createdAt),
      updatedAt: date(updatedAt),
    };
  });
  const roles = parseRows(q.roles.get(params)?.rows, (row: RoleRow): RoleFact => {
    const [initiativeId, role, personId, name, tz, since] = row;
    return { initiativeId, role, personId, name, tz, since: date(since) };
  });
  return {
    workspace: { name: ws.name, tz: ws.tz, settings: ws.settings },
    initiatives,
    roles,
    stageMoves: q.moves.all(params).map((m) => ({ ...m, at: date(m.at) })),
    checkins: scopeCheckins(db, params, options.checkinsFrom?.getTime() ?? since, now),
    escalations: q.escalations.all(params).map((e) => ({
      ...e,
      createdAt: date(e.createdAt),
      ackedAt: maybeDate(e.ackedAt),
      snoozedUntil: maybeDate(e.snoozedUntil),
      resolvedAt: maybeDate(e.resolvedAt),
    })),
    snapshots: q.digests.all({ workspaceId: ws.id, channelId, now }),
  };
}

/** The digest's reads over SQLite (the store adds who cannot receive check-ins to `load`). */
export function digestReads(db: Db): DigestReads {
  return {
    load: (workspaceId, options) => loadDigestData(db, workspaceId, options),
    ...checkinReads(db),

    async lastAnswers(_workspaceId, initiativeIds, before) {
      // The answered filter sits inside the aggregate so SQLite walks the (initiative_id, due_at) index
      // for just these initiatives instead of every answered check-in of the workspace.
      const lastAnswered = sql<number | null>`max(case when ${checkins.status} = 'answered' and ${
        checkins.answeredAt
      } < ${before.getTime()} then ${checkins.answeredAt} end)`;
      return chunks(initiativeIds).flatMap((ids) =>
        db
          .select({ initiativeId: checkins.initiativeId, answeredAt: lastAnswered })
          .from(checkins)
          .where(inArray(checkins.initiativeId, ids))
          .groupBy(checkins.initiativeId)
          .all()
          .flatMap((a) =>
            a.answeredAt === null ? [] : [{ initiativeId: a.initiativeId, answeredAt: date(a.answeredAt) }],
          ),
      );
    },

    async names(workspaceId, personIds) {
      return chunks(personIds).flatMap((ids) =>
        db
          .select({ id: people.id, name: people.displayName })
          .from(people)
          .where(and(eq(people.workspaceId, workspaceId), inArray(people.id, ids)))
          .all(),
      );
    },
  };
}
