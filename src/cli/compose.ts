import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { createAskStore } from "../../db/repositories/asks.js";
import { createCheckinStore } from "../../db/repositories/checkin-store.js";
import { createDigestStore } from "../../db/repositories/digests.js";
import { createPortfolioStore } from "../../db/repositories/portfolio.js";
import { createSponsorStore } from "../../db/repositories/sponsors.js";
import { withSponsorFacts } from "../asks/digest.js";
import { askExtensions } from "../asks/module.js";
import { createInsights } from "../checkins/insights.js";
import { checkinExtensions } from "../checkins/module.js";
import { createSchedule } from "../checkins/reschedule.js";
import { mergeExtensions } from "../commands/dispatch.js";
import type { Env } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { createCore } from "../core/create-core.js";
import type { CoreDeps } from "../core/deps.js";
import { PulseError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ChatPlatform, Platform } from "../core/platform.js";
import type { PulseCore } from "../core/pulse.js";
import { postDueDigests } from "../digest/job.js";
import { digestExtensions } from "../digest/module.js";
import type { DigestStore } from "../digest/store.js";
import { type TickReport, tick } from "../jobs/tick.js";
import { holidayCheck } from "../sponsors/holidays.js";
import { sponsorExtensions } from "../sponsors/module.js";

export interface Runtime {
  env: Env;
  db: Db;
  deps: CoreDeps;
  digests: DigestStore;
  core: PulseCore;
  /** Filled by the adapters once created (the core reads it lazily). */
  platforms: Map<Platform, ChatPlatform>;
  /** The scheduled jobs: everything due as of `now`, once. */
  jobs: { tick(now: Date): Promise<TickReport> };
  close(): void;
}

export function openDb(env: Env): Db {
  if (/^postgres(ql)?:\/\//i.test(env.DATABASE_URL)) {
    throw new PulseError(
      "config",
      "DATABASE_URL: PostgreSQL is not supported by this version yet; use a SQLite file path.",
    );
  }
  return openDatabase(env.DATABASE_URL);
}

/** The composition root: database, repositories, core. Adapters are added by the caller. */
export function compose(env: Env, clock: Clock, logger: Logger): Runtime {
  const db = openDb(env);
  const store = createPortfolioStore(db);
  const checkins = createCheckinStore(db);
  const sponsors = createSponsorStore(db);
  const asks = createAskStore(db);
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
  const digests = withSponsorFacts(createDigestStore(db), deps);
  const core = createCore(
    deps,
    mergeExtensions(checkinExtensions, digestExtensions(digests), sponsorExtensions, askExtensions),
  );
  const jobs = {
    tick: (now: Date) => tick(deps, now, { digest: (d, at) => postDueDigests(d, digests, at) }),
  };
  return { env, db, deps, digests, core, platforms, jobs, close: () => closeDatabase(db) };
}
