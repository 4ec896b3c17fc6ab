/**
 * `sponsor-pulse copy --from <url> --to <url>`: moves a whole installation between databases (SQLite
 * file ↔ PostgreSQL, or like to like). Rows keep their ids; the target must be empty; everything is
 * written in one transaction, so a failed copy leaves the target as it was.
 */
import { existsSync } from "node:fs";
import { getTableColumns, getTableName, sql, type Table } from "drizzle-orm";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { closePgDatabase, isPostgresUrl, migratePg, openPgDatabase, type PgDb } from "../../db/pg/client.js";
import * as pgSchema from "../../db/pg/schema.js";
import * as liteSchema from "../../db/schema.js";
import { PulseError } from "../core/errors.js";

/** Each table in both dialects, parents before children so foreign keys hold at every insert. */
const TABLES = {
  workspaces: { lite: liteSchema.workspaces, pg: pgSchema.workspaces },
  people: { lite: liteSchema.people, pg: pgSchema.people },
  pmoAdmins: { lite: liteSchema.pmoAdmins, pg: pgSchema.pmoAdmins },
  initiatives: { lite: liteSchema.initiatives, pg: pgSchema.initiatives },
  initiativeRoles: { lite: liteSchema.initiativeRoles, pg: pgSchema.initiativeRoles },
  stageHistory: { lite: liteSchema.stageHistory, pg: pgSchema.stageHistory },
  auditLog: { lite: liteSchema.auditLog, pg: pgSchema.auditLog },
  outbox: { lite: liteSchema.outbox, pg: pgSchema.outbox },
  checkins: { lite: liteSchema.checkins, pg: pgSchema.checkins },
  checkinAnswers: { lite: liteSchema.checkinAnswers, pg: pgSchema.checkinAnswers },
  escalations: { lite: liteSchema.escalations, pg: pgSchema.escalations },
  digests: { lite: liteSchema.digests, pg: pgSchema.digests },
  conversationRefs: { lite: liteSchema.conversationRefs, pg: pgSchema.conversationRefs },
  jobState: { lite: liteSchema.jobState, pg: pgSchema.jobState },
  awayPeriods: { lite: liteSchema.awayPeriods, pg: pgSchema.awayPeriods },
  delegates: { lite: liteSchema.delegates, pg: pgSchema.delegates },
  holidays: { lite: liteSchema.holidays, pg: pgSchema.holidays },
  asks: { lite: liteSchema.asks, pg: pgSchema.asks },
} as const;

export const COPY_ORDER = Object.keys(TABLES) as (keyof typeof TABLES)[];

type TableKey = keyof typeof TABLES;
type Row = Record<string, unknown>;

/** Rows per INSERT: under PostgreSQL's 65,535 bound parameters for the widest table. */
const CHUNK = 1000;

type Side = { kind: "sqlite"; db: Db } | { kind: "postgres"; db: PgDb };

function open(url: string, role: "from" | "to"): Side {
  if (isPostgresUrl(url)) return { kind: "postgres", db: openPgDatabase(url, { poolSize: 2 }) };
  if (role === "from" && !existsSync(url))
    throw new PulseError("not_found", `--from: there is no SQLite file at ${url}.`);
  return { kind: "sqlite", db: openDatabase(url) };
}

async function close(side: Side): Promise<void> {
  if (side.kind === "sqlite") closeDatabase(side.db);
  else await closePgDatabase(side.db);
}

function table(side: Side, key: TableKey): Table {
  return (side.kind === "sqlite" ? TABLES[key].lite : TABLES[key].pg) as Table;
}

async function readAll(side: Side, key: TableKey): Promise<Row[]> {
  if (side.kind === "sqlite") return side.db.select().from(TABLES[key].lite).all() as Row[];
  return (await side.db.select().from(TABLES[key].pg)) as Row[];
}

async function count(side: Side, key: TableKey): Promise<number> {
  const name = getTableName(table(side, key));
  if (side.kind === "sqlite")
    return (side.db.$client.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
  const res = await side.db.$client.query<{ n: string }>(`select count(*) as n from "${name}"`);
  return Number(res.rows[0]?.n ?? 0);
}

/** Only the target's own columns (PostgreSQL's outbox lease has no SQLite twin). */
function project(rows: Row[], target: Table): Row[] {
  const keys = Object.keys(getTableColumns(target));
  return rows.map((r) => Object.fromEntries(keys.filter((k) => k in r).map((k) => [k, r[k]])));
}

async function writeAll(to: Side, data: Map<TableKey, Row[]>): Promise<void> {
  if (to.kind === "sqlite") {
    const db = to.db;
    db.transaction((tx) => {
      for (const [key, rows] of data)
        for (let i = 0; i < rows.length; i += CHUNK)
          tx.insert(TABLES[key].lite)
            .values(rows.slice(i, i + CHUNK) as never)
            .run();
    });
    return;
  }
  await to.db.transaction(async (tx) => {
    for (const [key, rows] of data)
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx.insert(TABLES[key].pg).values(rows.slice(i, i + CHUNK) as never);
    // Ids were copied as they were: move each identity past the largest, or the next insert collides.
    for (const key of COPY_ORDER) {
      const t = TABLES[key].pg as Table;
      // Only generated integer ids have a sequence (workspaces are keyed by the platform's id).
      if (getTableColumns(t).id?.dataType !== "number") continue;
      const name = getTableName(t);
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('"${name}"', 'id'), coalesce((select max(id) from "${name}"), 0) + 1, false)`,
        ),
      );
    }
  });
}

export interface CopyReport {
  tables: { table: string; rows: number }[];
  total: number;
}

export async function copyDatabase(fromUrl: string, toUrl: string): Promise<CopyReport> {
  if (fromUrl === toUrl) throw new PulseError("usage", "--from and --to name the same database.");
  const from = open(fromUrl, "from");
  let to: Side | undefined;
  try {
    to = open(toUrl, "to");
    if (from.kind === "postgres") await migratePg(from.db);
    if (to.kind === "postgres") await migratePg(to.db);
    for (const key of COPY_ORDER) {
      if ((await count(to, key)) > 0)
        throw new PulseError(
          "conflict",
          `--to already holds data (table ${getTableName(table(to, key))}); copy only into an empty database.`,
          ["Create a new database (or remove the file) and run the copy again."],
        );
    }
    const data = new Map<TableKey, Row[]>();
    for (const key of COPY_ORDER) data.set(key, project(await readAll(from, key), table(to, key)));
    await writeAll(to, data);
    const tables: CopyReport["tables"] = [];
    for (const key of COPY_ORDER) {
      const rows = await count(to, key);
      const expected = data.get(key)?.length ?? 0;
      if (rows !== expected)
        throw new Error(
          `copy check failed: ${getTableName(table(to, key))} has ${rows} rows, expected ${expected}`,
        );
      tables.push({ table: getTableName(table(to, key)), rows });
    }
    return { tables, total: tables.reduce((n, t) => n + t.rows, 0) };
  } finally {
    await close(from);
    if (to) await close(to);
  }
}
