import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema.js";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/** Any fixed number: replicas starting together take turns applying migrations under this lock. */
const MIGRATION_LOCK = 72_4209;

export interface PgOptions {
  /** Connections per process (default 10); three replicas use three pools on one server. */
  poolSize?: number;
}

/** A pool on the URL; nothing is sent to the server until the first query. */
export function openPgDatabase(url: string, options: PgOptions = {}): PgDb {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on("error", () => undefined);
  return drizzle(pool, { schema }) as PgDb;
}

/** Applies pending migrations, one replica at a time; returns how many are recorded as applied. */
export async function migratePg(db: PgDb): Promise<number> {
  const client = await db.$client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
      const res = await client.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
      return Number(res.rows[0]?.n ?? 0);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

export async function closePgDatabase(db: PgDb): Promise<void> {
  await db.$client.end();
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}
