/**
 * Chooses the database from DATABASE_URL — a SQLite file (the default) or a postgres:// URL — and
 * builds every store port over it. The core gets the same ports either way.
 */
import { z } from "zod";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { closePgDatabase, isPostgresUrl, migratePg, openPgDatabase } from "../../db/pg/client.js";
import { pgExecutor } from "../../db/pg/executor.js";
import { sqliteExecutor } from "../../db/sqlite/executor.js";
import { createAskStore } from "../../db/stores/asks.js";
import { createCheckinStore } from "../../db/stores/checkin-store.js";
import { type ConversationRefStore, createConversationRefStore } from "../../db/stores/conversation-refs.js";
import { createDashboardStore } from "../../db/stores/dashboard.js";
import { createDigestStore } from "../../db/stores/digests.js";
import { createPortfolioStore } from "../../db/stores/portfolio.js";
import { createSponsorStore } from "../../db/stores/sponsors.js";
import type { Clock } from "../core/clock.js";
import { PulseError } from "../core/errors.js";
import type { DashboardStore } from "../dashboard/store.js";
import type { DigestStore } from "../digest/store.js";
import type { AskStore } from "../ports/ask-store.js";
import type { CheckinStore } from "../ports/checkin-store.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import type { SponsorStore } from "../ports/sponsor-store.js";

export type ConversationRefs = ConversationRefStore;

export interface Stores {
  store: PortfolioStore;
  checkins: CheckinStore;
  sponsors: SponsorStore;
  asks: AskStore;
  digests: DigestStore;
  /** Teams conversation references. */
  refs: ConversationRefs;
  /** The dashboard's signing secret, used links and trend counts. */
  dashboard: DashboardStore;
}

export interface Database {
  kind: "sqlite" | "postgres";
  stores: Stores;
  /** The SQLite handle, for SQLite-only verbs (backup) and tests; a PulseError on PostgreSQL. */
  sqlite(): Db;
  /** Applies pending migrations (already done at open on SQLite); resolves to how many are applied. */
  migrate(): Promise<number>;
  close(): Promise<void>;
}

/** Tuning read from the environment; only PostgreSQL deployments need it. */
export const DatabaseOptionsSchema = z.object({
  /** Seconds a replica keeps claimed outbox rows before another may take them over. */
  DATABASE_LEASE_SECONDS: z.coerce.number().positive().max(3600).optional(),
  /** Connections per replica. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
});

function databaseOptions(source: Record<string, string | undefined>) {
  const parsed = DatabaseOptionsSchema.safeParse({
    DATABASE_LEASE_SECONDS: source.DATABASE_LEASE_SECONDS || undefined,
    DATABASE_POOL_SIZE: source.DATABASE_POOL_SIZE || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PulseError("config", `${String(issue?.path[0])}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Wraps each method so it runs once `ready` (the migrations) has settled, and fails if it failed. */
function afterReady<T extends object>(target: T, ready: Promise<unknown>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    wrapped[key] =
      typeof value === "function"
        ? async (...args: unknown[]) => {
            await ready;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          }
        : value;
  }
  return wrapped as T;
}

function openSqlite(url: string, clock: Clock): Database {
  const db = openDatabase(url);
  const x = sqliteExecutor(db);
  return {
    kind: "sqlite",
    stores: {
      store: createPortfolioStore(x),
      checkins: createCheckinStore(x),
      sponsors: createSponsorStore(x),
      asks: createAskStore(x),
      digests: createDigestStore(x),
      refs: createConversationRefStore(x, clock),
      dashboard: createDashboardStore(x),
    },
    sqlite: () => db,
    async migrate() {
      const row = db.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
      return row.n;
    },
    async close() {
      closeDatabase(db);
    },
  };
}

/**
 * PostgreSQL: the pool opens lazily and the migrations start at once (one replica at a time, under
 * an advisory lock); every store call waits for them, so composition stays synchronous.
 */
function openPostgres(url: string, clock: Clock, source: Record<string, string | undefined>): Database {
  const options = databaseOptions(source);
  const db = openPgDatabase(url, { poolSize: options.DATABASE_POOL_SIZE });
  const ready = migratePg(db);
  // Callers see the failure through the first store call; this only marks it as handled.
  ready.catch(() => undefined);
  const lease = options.DATABASE_LEASE_SECONDS ? { leaseMs: options.DATABASE_LEASE_SECONDS * 1000 } : {};
  const x = pgExecutor(db, lease);
  return {
    kind: "postgres",
    stores: {
      store: afterReady(createPortfolioStore(x), ready),
      checkins: afterReady(createCheckinStore(x), ready),
      sponsors: afterReady(createSponsorStore(x), ready),
      asks: afterReady(createAskStore(x), ready),
      digests: afterReady(createDigestStore(x), ready),
      refs: afterReady(createConversationRefStore(x, clock), ready),
      dashboard: afterReady(createDashboardStore(x), ready),
    },
    sqlite() {
      throw new PulseError("config", "This command works on a SQLite database; DATABASE_URL is PostgreSQL.", [
        "Back up PostgreSQL with pg_dump, or copy it to a SQLite file with `sponsor-pulse copy --from <url> --to <file>`.",
      ]);
    },
    migrate: () => ready,
    close: () => closePgDatabase(db),
  };
}

/** Opens the database DATABASE_URL names: a postgres:// URL selects PostgreSQL, anything else is a SQLite file. */
export function openDatabaseUrl(
  url: string,
  clock: Clock,
  source: Record<string, string | undefined> = process.env,
): Database {
  return isPostgresUrl(url) ? openPostgres(url, clock, source) : openSqlite(url, clock);
}
