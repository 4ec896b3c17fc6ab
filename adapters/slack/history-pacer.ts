/**
 * How the Slack app is installed, which sets how often conversations.history may be called (per
 * workspace, per app): Marketplace-approved and internal (customer-built, single-workspace) apps are
 * on Tier 3 (50+ a minute, up to 1,000 messages a page); apps distributed outside the Marketplace
 * get 1 a minute and 15 messages a page (new apps and installs since 29 May 2025; Slack has moved
 * the date for older installs more than once, so every distributed install is treated alike).
 */
export type InstallKind = "internal" | "marketplace" | "distributed";

export interface HistoryPolicy {
  /** conversations.history calls allowed per workspace per minute. */
  perMinute: number;
  /** Messages asked for per page (`limit`). */
  pageSize: number;
}

export const HISTORY_POLICY: Record<InstallKind, HistoryPolicy> = {
  // Tier 3 is "50+": keep a fifth of it for other callers and bursts.
  internal: { perMinute: 40, pageSize: 100 },
  marketplace: { perMinute: 40, pageSize: 100 },
  distributed: { perMinute: 1, pageSize: 15 },
};

/** Reserved turns nobody came back for are forgotten after this long. */
const STALE_MS = 10 * 60_000;

interface WorkspacePace {
  policy: HistoryPolicy;
  nextFree: number;
  /** Slack's Retry-After: nothing goes before this. */
  blockedUntil: number;
  turns: Map<string, number>;
}

/** A Retry-After this long on conversations.history is the 1-a-minute limit of a distributed app. */
const DISTRIBUTED_RETRY_AFTER_MS = 20_000;

/**
 * Spreads history lookups over time instead of letting a burst of in-doubt messages (after a crash)
 * meet 429s: each lookup gets a turn, `perMinute` turns a minute per workspace (a minute's worth at
 * once, then evenly spaced). A lookup whose turn is later is told how long to wait; when it comes back
 * with the same key it gets the turn it was given, so a deferred message is looked up on its second
 * try, not pushed back again and again.
 *
 * With `auto` (the kind is not known), a workspace starts on the Tier 3 pace and moves to the
 * distributed one at the first 429 that asks for a long wait: one refused call per workspace and
 * process, then none.
 */
export class HistoryPacer {
  private readonly workspaces = new Map<string, WorkspacePace>();

  constructor(
    private readonly kind: InstallKind | "auto",
    private readonly now: () => number,
  ) {}

  private pace(workspaceId: string): WorkspacePace {
    let pace = this.workspaces.get(workspaceId);
    if (!pace) {
      const policy = HISTORY_POLICY[this.kind === "auto" ? "internal" : this.kind];
      pace = { policy, nextFree: 0, blockedUntil: 0, turns: new Map() };
      this.workspaces.set(workspaceId, pace);
    }
    return pace;
  }

  /** The page size and pace in force for this workspace. */
  policyOf(workspaceId: string): HistoryPolicy {
    return this.pace(workspaceId).policy;
  }

  /** 0 when the lookup `key` may go now (and it counts as made), else the milliseconds until its turn. */
  turn(workspaceId: string, key: string): number {
    const pace = this.pace(workspaceId);
    const now = this.now();
    for (const [other, at] of pace.turns) if (at + STALE_MS < now) pace.turns.delete(other);
    const reserved = pace.turns.get(key);
    if (reserved !== undefined) {
      const at = Math.max(reserved, pace.blockedUntil);
      if (at > now) {
        pace.turns.set(key, at);
        return at - now;
      }
      pace.turns.delete(key);
      return 0;
    }
    // A token bucket kept as one time (GCRA): `nextFree` is when the bucket would be empty again;
    // a minute's worth may go at once (Tier 3 welcomes bursts), none at once at one a minute.
    const interval = 60_000 / pace.policy.perMinute;
    const burst = (pace.policy.perMinute - 1) * interval;
    const due = Math.max(now, pace.nextFree);
    const slot = Math.max(due - burst, pace.blockedUntil);
    pace.nextFree = due + interval;
    if (slot <= now) return 0;
    pace.turns.set(key, slot);
    return slot - now;
  }

  /** Slack answered 429 (another replica, another caller): no new turn before it said. */
  pause(workspaceId: string, ms: number): void {
    const pace = this.pace(workspaceId);
    if (this.kind === "auto" && ms >= DISTRIBUTED_RETRY_AFTER_MS) pace.policy = HISTORY_POLICY.distributed;
    // Slack's window starts afresh after the wait: a full minute's worth may go then.
    pace.blockedUntil = Math.max(pace.blockedUntil, this.now() + ms);
    pace.nextFree = pace.blockedUntil;
  }
}
