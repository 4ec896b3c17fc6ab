/**
 * What a repository runs its SQL on, the same for both databases. Repositories build their statements
 * with drizzle's `sql` template over the tables of db/schema.ts (names only; the PostgreSQL tables have
 * the same names, see tests/db-pg/schema-parity.test.ts) and the helpers in db/query.ts; each
 * database's executor renders them with its own placeholders and runs them (db/sqlite/executor.ts,
 * db/pg/executor.ts). What differs between the databases sits in {@link Dialect}, one named member
 * per difference.
 */
import type { SQL, SQLWrapper } from "drizzle-orm";
import type { DueSlot, OutboxRow } from "../src/ports/checkin-store.js";
import type { InitiativeName } from "../src/ports/portfolio-store.js";

export interface Executor {
  readonly dialect: Dialect;
  /** The rows of a query, each keyed by the select list's aliases; int8 comes back as a number. */
  all<T>(query: SQL): Promise<T[]>;
  /** The first row of a query. */
  get<T>(query: SQL): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(query: SQL): Promise<number>;
  /**
   * Runs `work` in one transaction (all or nothing), its statements on `tx`. Transactions do not
   * interleave with each other or with statements outside them. Called on `tx`, it joins the
   * transaction already open.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
}

/** How the databases differ, one member per difference, each named for what it is for. */
export interface Dialect {
  readonly kind: "sqlite" | "postgres";
  /**
   * Appended to a read that the transaction then writes on: PostgreSQL locks the rows (`for update`),
   * so a concurrent transaction (another replica) waits; SQLite's transactions take the write lock
   * when they begin, so nothing is needed.
   */
  readonly forUpdate: SQL;
  /**
   * The column, kept out of the query planner's choice of index: SQLite's unary `+`, so a batch read
   * by ids (`… and id in (…)`) stays on the per-initiative index instead of scanning the whole
   * workspace on the workspace-wide one. PostgreSQL's planner weighs both with statistics, and `+` on
   * text fails there: the plain column.
   */
  notIndexed(column: SQL | SQLWrapper): SQL;
  /** The text at `path` inside a column holding JSON text. */
  jsonText(column: SQL, path: string[]): SQL;
  /** Whether the error is the database refusing a duplicate in a unique index. */
  isUniqueViolation(error: unknown): boolean;
  /** `set` entries that end this process's lease on an initiative's next slot (PostgreSQL replicas). */
  readonly planLeaseEnd: SQL;
  /** `set` entries that end this process's lease on an outbox row (PostgreSQL replicas). */
  readonly outboxLeaseEnd: SQL;
  /**
   * The due slots this process plans next, whole sponsors at a time (their initiatives share one
   * message). PostgreSQL replicas claim them under a lease so they plan disjoint slots.
   */
  dueSlots(now: Date, limit: number): Promise<DueSlot[]>;
  /** Pending outbox rows due by `now` (and on PostgreSQL those of a replica whose lease ran out), claimed. */
  claimOutbox(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Outbox rows left `sending` by a process that stopped (on PostgreSQL: whose lease ran out). */
  interruptedOutbox(): Promise<OutboxRow[]>;
  /**
   * The rows of a read (a few hundred at most), each an array of its columns' values, int8 as numbers:
   * the digest's reads (db/repositories/digest-sql.ts).
   */
  arrayRows(query: SQL): Promise<unknown[][]>;
  /**
   * The rows of `select <columns> <from>` — tens of thousands — each converted (in place where it can:
   * a converted row is garbage at once instead of surviving the young-generation GC). SQLite returns
   * them as one JSON array (better-sqlite3 spends ~1 µs building each row object), PostgreSQL as rows.
   */
  bulkRows<T>(columns: SQL[], from: SQL, convert: (row: never) => T, orderBy?: SQL): Promise<T[]>;
  /** Id, slug and name of a workspace's initiatives, in name order (SQLite caches them per connection). */
  initiativeNames(workspaceId: string): Promise<InitiativeName[]>;
}
