import type { Db } from "../client.js";

/**
 * Hot queries compiled once per connection. Otherwise drizzle rebuilds the SQL text and better-sqlite3
 * re-prepares the statement on every call, which was most of a `/stage` command's CPU (bench: slash).
 * The set is built on first use, so nothing touches the schema before migrations have run.
 * A compiled statement runs on the database's one connection, and better-sqlite3 is synchronous: run
 * inside a `db.transaction` callback it is part of that transaction, like the callback's `tx`.
 */
export function statements<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let set = built.get(db);
    if (!set) {
      set = build(db);
      built.set(db, set);
    }
    return set;
  };
}
