/**
 * The databases a dialect-parametrised test runs on: a fresh SQLite file always, and a fresh
 * PostgreSQL database on the server at PULSE_TEST_PG_URL when it is set (.ci/postgres.sh prints one).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Database, openDatabaseUrl } from "../../src/cli/database.js";
import type { Clock } from "../../src/core/clock.js";

export const PG_URL = process.env.PULSE_TEST_PG_URL;

/** Shown as a skipped test's name, so a run without PostgreSQL says why. */
export const PG_SKIP_REASON =
  "PostgreSQL cases skipped: PULSE_TEST_PG_URL is not set (export PULSE_TEST_PG_URL=$(.ci/postgres.sh))";

export type Dialect = "sqlite" | "postgres";

export const DIALECTS: Dialect[] = PG_URL ? ["sqlite", "postgres"] : ["sqlite"];

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface Scratch {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database (SQLite file or PostgreSQL database) and how to throw it away. */
export async function scratchDatabase(dialect: Dialect): Promise<Scratch> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "pulse-dialect-"));
    return { url: join(dir, "pulse.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_URL) throw new Error(PG_SKIP_REASON);
  const name = `pulse_t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}

export interface OpenedDialect extends Database {
  url: string;
  dispose(): Promise<void>;
}

/** Opens the store ports on a scratch database of that dialect, migrated. */
export async function openDialect(dialect: Dialect, clock: Clock, env: Record<string, string> = {}) {
  const scratch = await scratchDatabase(dialect);
  const database = openDatabaseUrl(scratch.url, clock, env);
  await database.migrate();
  const opened: OpenedDialect = Object.assign(database, {
    url: scratch.url,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  });
  return opened;
}
