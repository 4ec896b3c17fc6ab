/**
 * The executor over better-sqlite3. Its calls are synchronous and the connection is one, so an async
 * transaction (BEGIN … await … COMMIT) would let any statement another task runs in between land inside
 * it (and a second BEGIN fail): transactions take turns, and statements outside a transaction wait
 * while one is open. Statements are prepared once per connection and text (preparing was most of a
 * `/stage` command's CPU, bench: slash).
 */
import type Database from "better-sqlite3";
import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.js";
import type { Dialect, Executor } from "../executor.js";
import { breathe } from "../repositories/breathe.js";
import { sqliteDialect } from "./dialect.js";

type Statement = Database.Statement<unknown[]>;

const render = new SQLiteSyncDialect();
/** Lists of ids of every length make new texts: past this many the cache starts over. */
const MAX_PREPARED = 500;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans are stored as 0/1. */
const bindable = (v: unknown) => (v === true ? 1 : v === false ? 0 : v === undefined ? null : v);

const executors = new WeakMap<Db, Executor>();

/** The connection's one executor (one, so its transactions take turns). */
export function sqliteExecutor(db: Db): Executor {
  let x = executors.get(db);
  if (!x) {
    x = createSqliteExecutor(db, sqliteDialect(db));
    executors.set(db, x);
  }
  return x;
}

function createSqliteExecutor(db: Db, dialectOf: (x: Executor) => Dialect): Executor {
  const sqlite = db.$client;
  const prepared = new Map<string, Statement>();
  const statement = (query: SQL): [Statement, unknown[]] => {
    const { sql: text, params } = render.sqlToQuery(query);
    let st = prepared.get(text);
    if (!st) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      st = sqlite.prepare(text);
      prepared.set(text, st);
    }
    return [st, params.map(bindable)];
  };
  const direct = {
    all: <T>(query: SQL) => {
      const [st, params] = statement(query);
      return st.all(...params) as T[];
    },
    get: <T>(query: SQL) => {
      const [st, params] = statement(query);
      return st.get(...params) as T | undefined;
    },
    run: (query: SQL) => {
      const [st, params] = statement(query);
      return st.run(...params).changes;
    },
  };

  /** The open transaction's end, while one is open. */
  let open: Promise<void> | null = null;
  /** The last transaction to have asked for its turn. */
  let queue: Promise<void> = Promise.resolve();
  /**
   * Outside a transaction: waits for every transaction asked for before it (taken synchronously, so a
   * statement asked for after `transaction()` sees what it committed) and any that opens meanwhile,
   * and lets the event loop breathe.
   */
  const turn = async () => {
    const before = queue;
    await breathe();
    await before;
    while (open) await open;
  };

  const inside: Executor = {
    get dialect() {
      return dialect;
    },
    all: async (query) => direct.all(query),
    get: async (query) => direct.get(query),
    run: async (query) => direct.run(query),
    transaction: (work) => work(inside),
  };

  const root: Executor = {
    get dialect() {
      return dialect;
    },
    async all(query) {
      await turn();
      return direct.all(query);
    },
    async get(query) {
      await turn();
      return direct.get(query);
    },
    async run(query) {
      await turn();
      return direct.run(query);
    },
    async transaction(work) {
      // The place in the queue is taken before any await: what is asked for later goes after it.
      const previous = queue;
      let end: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => {
        end = resolve;
      });
      queue = mine;
      await previous;
      await breathe();
      open = mine;
      // A transaction opened on the connection by its owner, not by this executor (a test that undoes
      // each case, as better-sqlite3's own transactions allow): this one nests in it as a savepoint,
      // all or nothing within it, and leaves the outer one to its owner.
      const nested = sqlite.inTransaction;
      try {
        // IMMEDIATE: the write lock at the start, so another process (a CLI import) cannot make this
        // transaction fail half way; busy_timeout makes it wait for that process instead.
        direct.run(nested ? sql`savepoint pulse_executor` : sql`begin immediate`);
        const result = await work(inside);
        direct.run(nested ? sql`release pulse_executor` : sql`commit`);
        return result;
      } catch (error) {
        if (nested) {
          if (sqlite.inTransaction) direct.run(sql`rollback to pulse_executor`);
          if (sqlite.inTransaction) direct.run(sql`release pulse_executor`);
        } else if (sqlite.inTransaction) direct.run(sql`rollback`);
        throw error;
      } finally {
        open = null;
        end();
      }
    },
  };
  const dialect = dialectOf(root);
  return root;
}
