/**
 * Scenario 2's bot, in its own process: the real composition with the real Slack platform pointed at
 * the stand-in, ticking back to back (as the every-minute ticker would, only sooner) until the
 * outbox is empty. Prints one JSON line with the timings and the tick reports.
 */
import { createSlackPlatform } from "../adapters/slack/send.js";
import { compose } from "../src/cli/compose.js";
import { loadEnv } from "../src/config/env.js";
import { systemClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { BOT_TOKEN } from "./constants.js";

const [file, apiUrl] = process.argv.slice(2);
if (!file || !apiUrl) throw new Error("usage: fanout-worker <db file> <Slack API url>");
const rt = compose(loadEnv({ DATABASE_URL: file, TZ_DEFAULT: "UTC" }), systemClock, silentLogger);
rt.platforms.set("slack", createSlackPlatform({ botToken: BOT_TOKEN, apiUrl, logger: silentLogger }));
const remaining = rt.db.$client.prepare(
  "select count(*) as n from outbox where status in ('pending', 'sending')",
);

const started = performance.now();
const startedAt = Date.now();
const ticks = [];
let firstPlannedMs: number | undefined;
for (let i = 0; i < 100; i++) {
  const report = await rt.jobs.tick(new Date());
  firstPlannedMs ??= performance.now() - started;
  ticks.push(report);
  if ((remaining.get() as { n: number }).n === 0) break;
  await new Promise((r) => setTimeout(r, 200));
}
const totalMs = performance.now() - started;
const counts = rt.db.$client
  .prepare(
    "select (select count(*) from checkins) as checkins, (select count(*) from outbox) as outbox, (select count(*) from outbox where status = 'sent') as sent, (select count(*) from outbox where status = 'failed') as failed",
  )
  .get();
rt.close();
process.stdout.write(
  `${JSON.stringify({ startedAt, totalMs, firstTickMs: firstPlannedMs, ticks, counts })}\n`,
);
