import { type ChatPlatform, DeliveryError } from "../core/platform.js";
import type { OutboxRow } from "../ports/checkin-store.js";
import type { CoreDeps } from "../ports/deps.js";

export interface DeliveryOptions {
  /** Messages in flight at once; the platform adapter paces itself against rate limits. */
  concurrency?: number;
  /** Attempts before a message is given up as failed (and logged). */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** Backoff for failures without Retry-After: 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(attempt: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * An earlier attempt may have landed although it failed (answer lost, timeout on the last retry), so
 * a retried message is looked up before it is sent again. A lookup that may work later defers the
 * message (a "retry" DeliveryError); one that never can (e.g. no history scope) lets the send go ahead.
 */
async function landedEarlier(
  deps: CoreDeps,
  platform: ChatPlatform,
  row: OutboxRow,
): Promise<string | undefined> {
  if (!platform.findSent) return undefined;
  try {
    return await platform.findSent(row.workspaceId, row.target, row.dedupeKey);
  } catch (error) {
    if (!(error instanceof DeliveryError) || error.failure === "retry") throw error;
    deps.logger.warn("could not check an earlier attempt; sending again", { outbox: row.id, error });
    return undefined;
  }
}

async function deliverOne(
  deps: CoreDeps,
  row: OutboxRow,
  now: Date,
  maxAttempts: number,
  report: DeliveryReport,
): Promise<void> {
  const platform = deps.platforms.get(row.platform);
  if (!platform) {
    // That platform is not running in this process: leave the message for one that does.
    await deps.checkins.markRetry(
      row.id,
      new Date(now.getTime() + 60_000),
      `platform ${row.platform} not running`,
    );
    report.retried++;
    return;
  }
  try {
    const earlier = row.attempts > 1 ? await landedEarlier(deps, platform, row) : undefined;
    if (earlier) {
      await deps.checkins.markSent(row.id, earlier, deps.clock.now());
      report.sent++;
      return;
    }
    const ref = await platform.send(row.workspaceId, row.target, row.message, { dedupeKey: row.dedupeKey });
    await deps.checkins.markSent(row.id, ref, deps.clock.now());
    report.sent++;
  } catch (error) {
    const failure = error instanceof DeliveryError ? error.failure : "retry";
    const reason = error instanceof Error ? error.message : String(error);
    if (failure === "unreachable") {
      await deps.checkins.markFailed(row.id, "unreachable");
      deps.logger.warn("recipient unreachable", {
        outbox: row.id,
        target: row.target.id,
        purpose: row.purpose,
      });
      report.failed++;
    } else if (failure === "permanent" || row.attempts >= maxAttempts) {
      await deps.checkins.markFailed(row.id, reason);
      deps.logger.error("delivery failed for good", {
        outbox: row.id,
        purpose: row.purpose,
        attempts: row.attempts,
        reason,
      });
      report.failed++;
    } else {
      const wait =
        error instanceof DeliveryError && error.retryAfterMs !== undefined
          ? error.retryAfterMs
          : backoffMs(row.attempts);
      await deps.checkins.markRetry(row.id, new Date(now.getTime() + wait), reason);
      deps.logger.warn("delivery will be retried", {
        outbox: row.id,
        attempts: row.attempts,
        waitMs: wait,
        reason,
      });
      report.retried++;
    }
  }
}

/**
 * Sends everything pending in the outbox, `concurrency` at a time. Workers take from a small claimed
 * queue that is topped up while they work, so no worker waits for the slowest message of a batch: one
 * send held by a 429's Retry-After used to stall the whole batch behind it (bench: fan-out on three
 * replicas sharing one rate limit).
 */
export async function deliverPending(
  deps: CoreDeps,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const concurrency = options.concurrency ?? 8;
  const maxAttempts = options.maxAttempts ?? 8;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  // A send may put a row back as due now (an interrupted one): run until a pass finds nothing.
  while ((await deliveryPass(deps, now, concurrency, maxAttempts, report)) > 0);
  return report;
}

/** One pass: claim, send and top up until a claim comes back empty. Returns the rows it claimed. */
async function deliveryPass(
  deps: CoreDeps,
  now: Date,
  concurrency: number,
  maxAttempts: number,
  report: DeliveryReport,
): Promise<number> {
  // A small queue: after a crash every claimed row is in doubt and costs a history lookup (a
  // rate-limited call on Slack), so claim only what the workers will send next.
  const batch = concurrency * 3;
  const queue: OutboxRow[] = [];
  let claimed = 0;
  let drained = false;
  let claimFailed: { error: unknown } | undefined;
  let claiming: Promise<void> | undefined;
  const topUp = (): Promise<void> => {
    claiming ??= deps.checkins
      .claim(now, batch)
      .then(
        (rows) => {
          claimed += rows.length;
          if (rows.length === 0) drained = true;
          queue.push(...rows);
        },
        (error: unknown) => {
          // Kept, not thrown here: nobody may be waiting on this top-up. The workers stop and rethrow.
          claimFailed = { error };
          drained = true;
        },
      )
      .finally(() => {
        claiming = undefined;
      });
    return claiming;
  };
  const worker = async () => {
    for (;;) {
      if (queue.length <= concurrency && !drained) {
        // Top up before the queue runs dry; wait only when there is nothing left to take.
        const pending = topUp();
        if (queue.length === 0) await pending;
      }
      const row = queue.shift();
      if (row) await deliverOne(deps, row, now, maxAttempts, report);
      else if (drained) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (claimFailed) throw claimFailed.error;
  return claimed;
}

/**
 * After a crash, messages left "sending" may or may not have arrived: they go back in the queue, due
 * now. Their next claim makes them a retry, so deliverOne looks each up (by dedupe key, where the
 * platform can tell) before it sends again: one lookup per message in doubt, in one place. Looking up
 * here as well cost every one of them two rate-limited history calls on Slack.
 */
/** Due before anything else: the outbox is claimed oldest due first. */
const FIRST_IN_LINE = new Date(0);

export async function recoverInterrupted(deps: CoreDeps): Promise<number> {
  let recovered = 0;
  for (const row of await deps.checkins.interrupted()) {
    // That platform is not running in this process: a process that runs it recovers the message.
    if (!deps.platforms.has(row.platform)) continue;
    // Ahead of everything else due: these were the first in line when the process stopped, and a
    // restart that sent newer messages first left them (and their lookups) piling up behind.
    await deps.checkins.markRetry(row.id, FIRST_IN_LINE, "interrupted; looked up before it is sent again");
    recovered++;
  }
  return recovered;
}
