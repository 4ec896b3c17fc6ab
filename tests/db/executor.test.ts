/**
 * The SQLite executor's transactions are async over a synchronous, single connection: they must take
 * turns, statements outside them must wait, and a failure must undo everything the transaction wrote.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import type { Executor } from "../../db/executor.js";
import { sqliteExecutor } from "../../db/sqlite/executor.js";

describe("SQLite executor", () => {
  let dir: string;
  let db: Db;
  let x: Executor;
  const count = async (on: Executor = x) =>
    (await on.get<{ n: number }>(sql`select count(*) as n from job_state`))?.n ?? -1;
  const put = (on: Executor, key: string) =>
    on.run(sql`insert into job_state (key, value, updated_at) values (${key}, 'v', 0)`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pulse-exec-"));
    db = openDatabase(join(dir, "pulse.db"));
    x = sqliteExecutor(db);
  });
  afterEach(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("is one per connection", () => {
    expect(sqliteExecutor(db)).toBe(x);
  });

  it("runs concurrent transactions one after the other, never interleaved", async () => {
    const trace: string[] = [];
    const work = (name: string) =>
      x.transaction(async (tx) => {
        trace.push(`${name} begin`);
        const before = await count(tx);
        await new Promise((r) => setTimeout(r, 5));
        await put(tx, `${name}-${before}`);
        trace.push(`${name} end`);
      });
    await Promise.all(["a", "b", "c"].map(work));
    expect(trace).toEqual(["a begin", "a end", "b begin", "b end", "c begin", "c end"]);
    expect(await count()).toBe(3);
  });

  it("makes a statement outside a transaction wait until it commits", async () => {
    let seen = -1;
    const tx = x.transaction(async (t) => {
      await put(t, "one");
      await new Promise((r) => setTimeout(r, 10));
      await put(t, "two");
    });
    const outside = count().then((n) => {
      seen = n;
    });
    await Promise.all([tx, outside]);
    expect(seen).toBe(2);
  });

  it("undoes the whole transaction when its work fails, and the next one runs", async () => {
    await expect(
      x.transaction(async (t) => {
        await put(t, "gone");
        await t.transaction((nested) => put(nested, "also gone"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await count()).toBe(0);
    await x.transaction((t) => put(t, "kept"));
    expect(await count()).toBe(1);
  });

  it("nests in a transaction its connection's owner opened, and leaves that one to its owner", async () => {
    db.$client.exec("begin");
    await x.transaction((t) => put(t, "inside"));
    await expect(
      x.transaction(async (t) => {
        await put(t, "undone");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(db.$client.inTransaction).toBe(true);
    expect(await count()).toBe(1);
    db.$client.exec("rollback");
    expect(await count()).toBe(0);
  });
});
