import { sql } from "drizzle-orm";

/**
 * Leases run on the database server's clock: a tick's `now` may be minutes old by the time it
 * delivers (planning came first), and replicas' clocks may disagree.
 */
export const serverNow = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** The end of a lease of `ms` taken now. */
export const leaseEnd = (ms: number) => sql<number>`${serverNow} + ${Math.round(ms)}`;

export interface LeaseOptions {
  /** How long claimed work stays with its replica before another may take it over (default 5 min). */
  leaseMs?: number;
  /**
   * Outbox rows claimed at once, whatever the caller asks (default 50): a replica holds only what it
   * can send well inside its lease, so a slow (rate-limited) replica is never overtaken on a live row.
   */
  claimBatch?: number;
  /** Sponsors whose due slots one replica claims to plan at once (default 100). */
  planBatch?: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
