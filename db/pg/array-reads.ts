/** PostgreSQL's array reads (Dialect.arrayRows, bulkRows): rows as arrays, int8 (epoch ms, aggregates) as numbers. */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Dialect } from "../executor.js";
import type { PgDb } from "./client.js";

const INT8 = 20;
const render = new PgDialect();
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function pgArrayReads(db: PgDb): Pick<Dialect, "arrayRows" | "bulkRows"> {
  const arrayRows = async (query: SQL): Promise<unknown[][]> => {
    const { sql: text, params } = render.sqlToQuery(query);
    const result = await db.$client.query({ text, values: params, rowMode: "array", types });
    return result.rows as unknown[][];
  };
  return {
    arrayRows,
    async bulkRows(columns, from, convert, orderBy) {
      const order = orderBy ? sql` order by ${orderBy}` : sql``;
      const out = (await arrayRows(sql`select ${sql.join(columns, sql`, `)} ${from}${order}`)) as unknown[];
      for (let k = 0; k < out.length; k++) out[k] = convert(out[k] as never);
      return out as never[];
    },
  };
}
