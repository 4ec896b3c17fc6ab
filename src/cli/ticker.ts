import cron from "node-cron";
import type { Logger } from "../core/logger.js";
import type { Runtime } from "./compose.js";

/**
 * node-cron only ticks: what is due lives in the database, so a missed minute (or a restart) is
 * caught up by the next tick. Ticks never overlap.
 */
export function startTicker(rt: Runtime, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running) return;
    running = rt.jobs
      .tick(rt.deps.clock.now())
      .then((report) => {
        if (
          report.checkins ||
          report.reminders ||
          report.escalations ||
          report.digests ||
          report.delivery.sent
        ) {
          logger.info("tick", { ...report });
        }
      })
      .catch((error: unknown) => logger.error("tick failed", { error }))
      .finally(() => {
        running = null;
      });
  };
  const task = cron.schedule("* * * * *", run, { noOverlap: true });
  run();
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
