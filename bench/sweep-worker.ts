/**
 * Scenario "sweep" in a fresh process: the bot as `sponsor-pulse start` serves Slack (createSlackAdapter
 * + createHttpApp over a SQLite file at rest) runs the first tick of a day, the daily engagement sweep,
 * in the same process and event loop as its HTTP answers. Prints `{"port":…}` once listening; on the
 * line `go <ISO time>` on stdin prints `{"started":true}`, runs the tick and prints its figures; stops
 * on `stop`.
 * Deliveries go to a recording platform: the sweep's own cost is measured, not Slack's rate limits.
 */
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createHttpApp, listen } from "../src/cli/http-server.js";
import { silentLogger } from "../src/core/logger.js";
import { createRecordingPlatform } from "../tests/support/recording-platform.js";
import { startSlackBot } from "./slack-bot.js";

const [file, apiUrl] = process.argv.slice(2);
if (!file || !apiUrl) throw new Error("usage: sweep-worker <db file> <Slack API url>");
const { rt, slack } = await startSlackBot(file, apiUrl);
rt.platforms.set("slack", createRecordingPlatform("slack"));
const server = await listen(createHttpApp({ routes: slack.routes, logger: silentLogger }), 0, "127.0.0.1");
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);

// Until `stop` (or stdin closes): the load generator's last requests may still be in flight.
for await (const line of createInterface({ input: process.stdin })) {
  const [command, at] = line.split(" ");
  if (command === "stop") break;
  if (command !== "go" || !at) continue;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  process.stdout.write(`${JSON.stringify({ started: true })}\n`);
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await rt.jobs.tick(new Date(at));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  loop.disable();
  process.stdout.write(
    `${JSON.stringify({
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      report,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
    })}\n`,
  );
}
server.closeAllConnections();
server.close();
rt.close();
process.exit(0);
