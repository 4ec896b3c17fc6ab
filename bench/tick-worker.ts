/**
 * Scenario 5 in a fresh process: the scheduler tick on a large portfolio when nothing is due. The
 * first tick of a day also runs the daily engagement sweep; the ticks after it are the steady state
 * that runs every minute. Prints one JSON line.
 */
import { compose } from "../src/cli/compose.js";
import { loadEnv } from "../src/config/env.js";
import { ManualClock, MINUTE } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { createRecordingPlatform } from "../tests/support/recording-platform.js";

const [file, nowIso, runsText, mode] = process.argv.slice(2);
if (!file || !nowIso) throw new Error("usage: tick-worker <db file> <now ISO> [runs] [prepare]");
const clock = new ManualClock(nowIso);
const rt = compose(loadEnv({ DATABASE_URL: file, TZ_DEFAULT: "UTC" }), clock, silentLogger);
// A platform that accepts every message, so whatever the day's first tick enqueues is delivered.
rt.platforms.set("slack", createRecordingPlatform("slack", clock));
const timed = async () => {
  const started = performance.now();
  const report = await rt.jobs.tick(clock.now());
  return { ms: performance.now() - started, report };
};
if (mode === "prepare") {
  // Bring the seeded portfolio to rest: the day's sweep, escalations and digest done and delivered.
  await rt.jobs.tick(clock.now());
  rt.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  rt.close();
  process.stdout.write("{}\n");
  process.exit(0);
}
const first = await timed();
const rest: number[] = [];
let busy = 0;
for (let i = 0; i < Number(runsText ?? 50); i++) {
  clock.advance(MINUTE);
  const { ms, report } = await timed();
  rest.push(ms);
  busy += report.checkins + report.reminders + report.missed + report.delivery.sent;
}
rt.close();
process.stdout.write(`${JSON.stringify({ firstMs: first.ms, firstReport: first.report, rest, busy })}\n`);
