/**
 * The digest loader's fixed queries, compiled once per connection (statements.ts): building their SQL
 * with drizzle on every digest was ~30 ms of a process's first one. The big reads return arrays, not
 * objects (tens of thousands of rows). Parameters: `workspaceId`; `channelId` (null: every channel) and
 * `orDefault` (1 when that channel is the workspace default, which also takes initiatives without one);
 * `since` and `now` in epoch ms; `from`/`to` bound check-in due times.
 */
import { and, desc, eq, gte, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.js";
import {
  checkins,
  digests,
  escalations,
  initiativeRoles,
  initiatives,
  people,
  stageHistory,
  workspaces,
} from "../schema.js";
import { statements } from "./statements.js";

const p = (name: string) => sql.placeholder(name);

/** Open initiatives of the workspace (or one PMO channel), and those closed since the period start. */
const live = (): SQL =>
  and(
    eq(initiatives.workspaceId, p("workspaceId")),
    sql`(${p("channelId")} is null or ${initiatives.pmoChannel} = ${p("channelId")} or (${p("orDefault")} = 1 and ${initiatives.pmoChannel} is null))`,
    or(ne(initiatives.status, "closed"), gte(initiatives.updatedAt, p("since"))),
  ) as SQL;

/** Status and choice as small numbers: better-sqlite3 makes a new string per value, 70,000 a digest. */
export const STATUS_CODES = ["open", "answered", "missed", "cancelled"] as const;
export const CHOICE_CODES = ["active", "limited", "handover"] as const;
const code = (column: SQL | typeof checkins.status | typeof checkins.choice, values: readonly string[]) =>
  sql<number | null>`case ${column} ${sql.join(
    values.map((v, i) => sql`when ${sql.raw(`'${v}'`)} then ${sql.raw(String(i))}`),
    sql` `,
  )} end`;

/**
 * Many rows as one JSON array of arrays (optionally in an order): better-sqlite3 spends ~1 µs building
 * each row, JSON.parse a fraction of that — 40,000 check-ins and 15,000 initiatives and roles a digest.
 */
const jsonRows = (columns: (SQL | SQLiteColumn)[], orderBy?: SQL) =>
  sql<string>`json_group_array(json_array(${sql.join(columns, sql`, `)})${orderBy ? sql` order by ${orderBy}` : sql``})`;

/**
 * The rows of a {@link jsonRows} result, each turned into `T` in place: a parsed row is garbage as soon
 * as it is converted, instead of 40,000 of them surviving (and being copied by) the young-generation GC.
 */
export function parseRows<R, T>(json: string | undefined, convert: (row: R) => T): T[] {
  const rows = JSON.parse(json ?? "[]") as unknown[];
  for (let k = 0; k < rows.length; k++) rows[k] = convert(rows[k] as R);
  return rows as T[];
}

/** The check-in columns the digest reads, in this order (see CheckinRow in digest-checkins.ts). */
export const checkinColumns = {
  initiativeId: checkins.initiativeId,
  sponsorPersonId: checkins.sponsorPersonId,
  dueAt: checkins.dueAt,
  status: code(checkins.status, STATUS_CODES),
  choice: code(checkins.choice, CHOICE_CODES),
  confidence: checkins.confidence,
  note: checkins.note,
  answeredAt: checkins.answeredAt,
  answeredByPersonId: checkins.answeredByPersonId,
};

export const digestQueries = statements((db: Db) => ({
  workspace: db
    .select()
    .from(workspaces)
    .where(eq(workspaces.id, p("workspaceId")))
    .prepare(),
  /** Initiatives in scope, one JSON array of rows (InitiativeRow in digest-data.ts). */
  initiatives: db
    .select({
      rows: jsonRows([
        initiatives.id,
        initiatives.slug,
        initiatives.name,
        initiatives.stage,
        initiatives.status,
        initiatives.statusReason,
        initiatives.cadence,
        initiatives.stageEnteredAt,
        initiatives.createdAt,
        initiatives.updatedAt,
      ]),
    })
    .from(initiatives)
    .where(live())
    .prepare(),
  /** Current roles of the open initiatives in scope, oldest first (RoleRow in digest-data.ts). */
  roles: db
    .select({
      rows: jsonRows(
        [
          initiativeRoles.initiativeId,
          initiativeRoles.role,
          people.id,
          people.displayName,
          people.tz,
          initiativeRoles.since,
        ],
        sql`${initiativeRoles.since}, ${people.displayName}`,
      ),
    })
    .from(initiativeRoles)
    .innerJoin(initiatives, eq(initiatives.id, initiativeRoles.initiativeId))
    .innerJoin(people, eq(people.id, initiativeRoles.personId))
    .where(and(live(), ne(initiatives.status, "closed")))
    .prepare(),
  moves: db
    .select({
      initiativeId: stageHistory.initiativeId,
      from: stageHistory.fromStage,
      to: stageHistory.toStage,
      by: people.displayName,
      note: stageHistory.note,
      forcedReason: stageHistory.forcedReason,
      at: stageHistory.at,
    })
    .from(stageHistory)
    .innerJoin(initiatives, eq(initiatives.id, stageHistory.initiativeId))
    .leftJoin(people, eq(people.id, stageHistory.byPersonId))
    .where(and(live(), gte(stageHistory.at, p("since")), lt(stageHistory.at, p("now"))))
    .prepare(),
  /** Check-ins due in [from, to) of the initiatives in scope, one JSON array of {@link checkinColumns}. */
  checkins: db
    .select({
      rows: jsonRows(Object.values(checkinColumns)),
    })
    .from(checkins)
    .innerJoin(initiatives, eq(initiatives.id, checkins.initiativeId))
    .where(
      and(
        eq(checkins.workspaceId, p("workspaceId")),
        gte(checkins.dueAt, p("from")),
        lt(checkins.dueAt, p("to")),
        live(),
      ),
    )
    .prepare(),
  /**
   * Per initiative, the latest instant an answer to a check-in due in [from, to) was known, among those
   * known from `knownFrom` on (earlier ones cannot come after any recent answer) and by `now`.
   */
  earlierAnswerAt: db
    .select({
      initiativeId: checkins.initiativeId,
      at: sql<number>`max(coalesce(${checkins.answeredAt}, ${checkins.dueAt}))`,
    })
    .from(checkins)
    .where(
      and(
        eq(checkins.workspaceId, p("workspaceId")),
        gte(checkins.dueAt, p("from")),
        lt(checkins.dueAt, p("to")),
        eq(checkins.status, "answered"),
        sql`coalesce(${checkins.answeredAt}, ${checkins.dueAt}) between ${p("knownFrom")} and ${p("now")}`,
      ),
    )
    .groupBy(checkins.initiativeId)
    .prepare(),
  escalations: db
    .select({
      initiativeId: escalations.initiativeId,
      level: escalations.level,
      createdAt: escalations.createdAt,
      ackedAt: escalations.ackedAt,
      snoozedUntil: escalations.snoozedUntil,
      resolvedAt: escalations.resolvedAt,
    })
    .from(escalations)
    .innerJoin(initiatives, eq(initiatives.id, escalations.initiativeId))
    .where(
      and(
        eq(escalations.workspaceId, p("workspaceId")),
        live(),
        lt(escalations.createdAt, p("now")),
        or(isNull(escalations.resolvedAt), gte(escalations.resolvedAt, p("since"))),
      ),
    )
    .prepare(),
  /** Stored snapshots before now, latest first (`channelId` null: every channel's). */
  digests: db
    .select({ channelId: digests.channelId, snapshot: digests.snapshot })
    .from(digests)
    .where(
      and(
        eq(digests.workspaceId, p("workspaceId")),
        lt(digests.createdAt, p("now")),
        sql`(${p("channelId")} is null or ${digests.channelId} = ${p("channelId")})`,
      ),
    )
    .orderBy(desc(digests.createdAt), desc(digests.id))
    .prepare(),
}));

/** A type, not an interface: drizzle takes placeholder values as a string-keyed record. */
export type ScopeParams = {
  workspaceId: string;
  channelId: string | null;
  orDefault: 0 | 1;
  since: number;
  now: number;
};
