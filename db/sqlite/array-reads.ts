/**
 * SQLite's array reads (Dialect.arrayRows, bulkRows). The big reads come back as one JSON array each
 * (`json_group_array`): better-sqlite3 spends ~1 µs building each row, JSON.parse a fraction of that
 * — 40,000 check-ins and 15,000 initiatives and roles a digest. Their statements are their own (raw
 * and pluck modes stay set on a statement), prepared once per connection and text.
 */
import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.js";
import type { Dialect } from "../executor.js";

type Statement = ReturnType<Db["$client"]["prepare"]>;

const render = new SQLiteSyncDialect();

export function sqliteArrayReads(db: Db): Pick<Dialect, "arrayRows" | "bulkRows"> {
  const prepared = new Map<string, Statement>();
  const statement = (query: SQL): { st: Statement; params: unknown[] } => {
    const { sql: text, params } = render.sqlToQuery(query);
    let st = prepared.get(text);
    if (!st) {
      // Id lists of every length would pile up: the cache is for the fixed queries.
      if (prepared.size > 200) prepared.clear();
      st = db.$client.prepare(text);
      prepared.set(text, st);
    }
    return { st, params };
  };
  return {
    async arrayRows(query) {
      const { st, params } = statement(query);
      return st.raw(true).all(...params) as unknown[][];
    },
    async bulkRows(columns, from, convert, orderBy) {
      const order = orderBy ? sql` order by ${orderBy}` : sql``;
      const { st, params } = statement(
        sql`select json_group_array(json_array(${sql.join(columns, sql`, `)})${order}) ${from}`,
      );
      const rows = JSON.parse((st.pluck(true).get(...params) as string | undefined) ?? "[]") as unknown[];
      for (let k = 0; k < rows.length; k++) rows[k] = convert(rows[k] as never);
      return rows as never[];
    },
  };
}
