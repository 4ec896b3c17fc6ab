/**
 * The executor over a node-postgres pool: statements outside a transaction take any connection;
 * a transaction holds one from BEGIN to COMMIT. int8 (epoch milliseconds, counts) is read as a number.
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Dialect, Executor } from "../executor.js";
import type { PgDb } from "./client.js";
import { pgDialect } from "./dialect.js";
import type { LeaseOptions } from "./lease.js";

const INT8 = 20;
const render = new PgDialect();
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

type Queryable = pg.Pool | pg.PoolClient;

/** An executor on the pool, with this replica's lease settings. */
export function pgExecutor(db: PgDb, lease: LeaseOptions = {}): Executor {
  return createPgExecutor(db.$client, pgDialect(db, lease));
}

function createPgExecutor(pool: pg.Pool, dialectOf: (x: Executor) => Dialect): Executor {
  const query = async <T>(on: Queryable, q: SQL) => {
    const { sql: text, params } = render.sqlToQuery(q);
    return on.query<T & pg.QueryResultRow>({ text, values: params, types });
  };
  const over = (on: Queryable, transaction: Executor["transaction"]): Executor => ({
    get dialect() {
      return dialect;
    },
    all: async <T>(q: SQL) => (await query<T>(on, q)).rows as T[],
    get: async <T>(q: SQL) => (await query<T>(on, q)).rows[0] as T | undefined,
    run: async (q) => (await query(on, q)).rowCount ?? 0,
    transaction,
  });
  const root = over(pool, async (work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await query(client, sql`begin`);
      const inside: Executor = over(client, (nested) => nested(inside));
      const result = await work(inside);
      await query(client, sql`commit`);
      return result;
    } catch (error) {
      try {
        await query(client, sql`rollback`);
      } catch (rollbackError) {
        // A connection that cannot roll back is not given to the next caller.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  });
  const dialect = dialectOf(root);
  return root;
}
