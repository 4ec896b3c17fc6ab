/**
 * Dashboard renders in a fresh process, the way the bot answers them: a signed-in session's
 * GET /dashboard over the whole range through the dashboard's request handler (load, filter,
 * heatmap, charts), a minute after the last (the portfolio's weeks read afresh); then, at the same
 * instant, another filter and page (the weeks reused, as when a PMO clicks through), then the CSV.
 * Prints one JSON line: times (ms) and sizes (bytes).
 */

import { compose } from "../src/cli/compose.js";
import { dashboardHandler } from "../src/cli/dashboard.js";
import { loadEnv } from "../src/config/env.js";
import { ManualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";

const [file, nowIso, fromDay, runsText] = process.argv.slice(2);
if (!file || !nowIso || !fromDay)
  throw new Error("usage: dashboard-worker <db file> <now ISO> <from day> [runs]");
const clock = new ManualClock(nowIso);
const rt = compose(loadEnv({ DATABASE_URL: file }), clock, silentLogger);
const admin = await rt.deps.store.findPerson("T1", "UPMO");
if (!admin) throw new Error("no PMO admin in the seeded file");
const link = await rt.dashboard.linkFor({ workspaceId: "T1", personId: admin.id }, clock.now());
const redeemed = await rt.dashboard.redeem(new URL(link).searchParams.get("t") ?? "", clock.now());
if (!redeemed.ok) throw new Error("sign-in failed");
const handler = dashboardHandler(rt);
const request = (path: string, extra: Record<string, string> = {}) => ({
  method: "GET" as const,
  path,
  query: { from: fromDay, to: nowIso.slice(0, 10), ...extra },
  cookie: `pulse_session=${redeemed.cookie}`,
  secure: false,
});
const times: number[] = [];
const reusedTimes: number[] = [];
const csvTimes: number[] = [];
let bytes = 0;
let csvBytes = 0;
let status = 0;
for (let run = 0; run < Number(runsText ?? 7); run++) {
  // Past the minute for which a read of the weeks is reused (src/digest/load.ts).
  clock.advance(61_000);
  const started = performance.now();
  const page = await handler.handle(request("/dashboard"));
  times.push(performance.now() - started);
  status = page.status;
  bytes = Buffer.byteLength(page.body);
  const reusedStarted = performance.now();
  await handler.handle(request("/dashboard", { state: "cooling", page: "2" }));
  reusedTimes.push(performance.now() - reusedStarted);
  const csvStarted = performance.now();
  const csv = await handler.handle(request("/dashboard/portfolio.csv"));
  csvTimes.push(performance.now() - csvStarted);
  csvBytes = Buffer.byteLength(csv.body);
}
rt.close();
process.stdout.write(`${JSON.stringify({ times, reusedTimes, csvTimes, bytes, csvBytes, status })}\n`);
