/**
 * The digest's reads over SQLite (digest-sql.ts holds the queries, the same for both databases). The
 * big reads come back as one JSON array each (`json_group_array`): better-sqlite3 spends ~1 µs building
 * each row, JSON.parse a fraction of that — 40,000 check-ins and 15,000 initiatives and roles a digest.
 */
import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { DigestLoadOptions, DigestReads } from "../../src/digest/store.js";
import type { Db } from "../client.js";
import { type DigestDialect, digestReadsOver } from "./digest-sql.js";

type Statement = ReturnType<Db["$client"]["prepare"]>;

const render = new SQLiteSyncDialect();
/** Statements prepared once per connection: preparing them on every digest was ~30 ms of a process's first. */
const prepared = new WeakMap<Db, Map<string, Statement>>();

function statement(db: Db, query: SQL): { st: Statement; params: unknown[] } {
  const { sql: text, params } = render.sqlToQuery(query);
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  let st = cache.get(text);
  if (!st) {
    // Id lists of every length would pile up: the cache is for the fixed queries.
    if (cache.size > 200) cache.clear();
    st = db.$client.prepare(text);
    cache.set(text, st);
  }
  return { st, params };
}

export function sqliteDigestDialect(db: Db): DigestDialect {
  return {
    async rows(query) {
      const { st, params } = statement(db, query);
      return st.raw(true).all(...params) as unknown[][];
    },
    async bulk(columns, from, convert, orderBy) {
      const order = orderBy ? sql` order by ${orderBy}` : sql``;
      const { st, params } = statement(
        db,
        sql`select json_group_array(json_array(${sql.join(columns, sql`, `)})${order}) ${from}`,
      );
      const rows = JSON.parse((st.pluck(true).get(...params) as string | undefined) ?? "[]") as unknown[];
      // Converted in place: a parsed row is garbage as soon as it is converted, instead of 40,000 of them
      // surviving (and being copied by) the young-generation GC.
      for (let k = 0; k < rows.length; k++) rows[k] = convert(rows[k] as never);
      return rows as never[];
    },
  };
}

export function digestReads(db: Db): DigestReads {
  return digestReadsOver(sqliteDigestDialect(db));
}

export function loadDigestData(db: Db, workspaceId: string, options: DigestLoadOptions) {
  return digestReads(db).load(workspaceId, options);
}
