import cron from "node-cron";
import type { Logger } from "../core/logger.js";
import type { TickReport } from "../jobs/tick.js";
import type { Runtime } from "./compose.js";

/**
 * A tick that found work is followed by another this soon, not a minute later: work can remain when a
 * tick ends (other replicas held rows when it looked, a rate-limited send was put back a second out),
 * and a fan-out must not pause for a minute in the middle.
 */
const FOLLOW_UP_MS = 1_000;

export interface TickerOptions {
  /** When to tick (cron syntax); every minute. */
  schedule?: string;
  followUpMs?: number;
}

function didWork(report: TickReport): boolean {
  return Boolean(
    report.checkins ||
      report.reminders ||
      report.escalations ||
      report.digests ||
      report.delivery.sent ||
      report.delivery.retried,
  );
}

/**
 * node-cron only ticks: what is due lives in the database, so a missed minute (or a restart) is
 * caught up by the next tick. Ticks never overlap.
 */
export function startTicker(
  rt: Runtime,
  logger: Logger,
  options: TickerOptions = {},
): { started: Promise<void>; stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let followUp: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = (): Promise<unknown> | null => {
    if (running || stopped) return running;
    clearTimeout(followUp);
    running = rt.jobs
      .tick(rt.deps.clock.now())
      .then((report) => {
        if (!didWork(report)) return;
        logger.info("tick", { ...report });
        if (!stopped) followUp = setTimeout(run, options.followUpMs ?? FOLLOW_UP_MS);
      })
      .catch((error: unknown) => logger.error("tick failed", { error }))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const task = cron.schedule(options.schedule ?? "* * * * *", run, { noOverlap: true });
  const started = (run() ?? Promise.resolve()).then(() => undefined);
  return {
    /** The start-up tick (what came due while the bot was down) has finished. */
    started,
    async stop() {
      stopped = true;
      clearTimeout(followUp);
      await task.stop();
      await running;
    },
  };
}
