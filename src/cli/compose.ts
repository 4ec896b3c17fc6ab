import { type Db, openDatabase } from "../../db/client.js";
import { isPostgresUrl } from "../../db/pg/client.js";
import { createCore } from "../app/create-core.js";
import { featureModules } from "../app/features.js";
import { createInsights } from "../checkins/insights.js";
import { createSchedule } from "../checkins/reschedule.js";
import type { Env } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { PulseError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ChatPlatform, Platform } from "../core/platform.js";
import type { PulseCore } from "../core/pulse.js";
import { createDashboardAuth, type DashboardAuth } from "../dashboard/auth.js";
import { postDueDigests } from "../digest/job.js";
import { createDigests, type Digests } from "../digest/load.js";
import { type TickReport, tick } from "../jobs/tick.js";
import type { CoreDeps } from "../ports/deps.js";
import { holidayCheck } from "../sponsors/holidays.js";
import { type Database, openDatabaseUrl } from "./database.js";

export interface Runtime {
  env: Env;
  /** The SQLite handle (SQLite-only verbs, tests); throws a PulseError when DATABASE_URL is PostgreSQL. */
  readonly db: Db;
  /** The database DATABASE_URL chose, with its store ports. */
  database: Database;
  deps: CoreDeps;
  digests: Digests;
  /** Dashboard sign-in links and sessions. */
  dashboard: DashboardAuth;
  core: PulseCore;
  /** Filled by the adapters once created (the core reads it lazily). */
  platforms: Map<Platform, ChatPlatform>;
  /** The scheduled jobs: everything due as of `now`, once. */
  jobs: { tick(now: Date): Promise<TickReport> };
  close(): void;
}

/** The SQLite file, for SQLite-only verbs (backup). */
export function openDb(env: Env): Db {
  if (isPostgresUrl(env.DATABASE_URL)) {
    throw new PulseError("config", "This command works on a SQLite database; DATABASE_URL is PostgreSQL.", [
      "Back up PostgreSQL with pg_dump.",
    ]);
  }
  return openDatabase(env.DATABASE_URL);
}

/** The composition root: database, repositories, core. Adapters are added by the caller. */
export function compose(env: Env, clock: Clock, logger: Logger): Runtime {
  const database = openDatabaseUrl(env.DATABASE_URL, clock);
  const { store, checkins, sponsors, asks, digests: storedDigests } = database.stores;
  const platforms = new Map<Platform, ChatPlatform>();
  const deps: CoreDeps = {
    store,
    clock,
    logger,
    config: { pmoAdmins: env.PMO_ADMINS, defaultTz: env.TZ_DEFAULT },
    platforms,
    insights: createInsights(store, checkins, env.TZ_DEFAULT, { sponsors, asks }),
    schedule: createSchedule(store, env.TZ_DEFAULT, (workspaceId, country) =>
      holidayCheck(sponsors, workspaceId, country),
    ),
    checkins,
    sponsors,
    asks,
  };
  // Digests read sponsors' time away, asks and decisions too.
  const digests = createDigests(storedDigests, deps);
  const dashboard = createDashboardAuth({
    keys: database.stores.dashboard,
    ...(env.DASHBOARD_SECRET ? { secret: env.DASHBOARD_SECRET } : {}),
    baseUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
  });
  const core = createCore(deps, featureModules(digests, dashboard));
  const jobs = {
    tick: (now: Date) => tick(deps, now, { digest: (d, at) => postDueDigests(d, digests, at) }),
  };
  return {
    env,
    get db() {
      return database.sqlite();
    },
    database,
    deps,
    digests,
    dashboard,
    core,
    platforms,
    jobs,
    // SQLite closes at once; a PostgreSQL pool drains in the background.
    close: () => void database.close().catch(() => undefined),
  };
}
