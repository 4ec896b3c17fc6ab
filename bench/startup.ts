/**
 * Scenario 4: `node src/cli/bin.mjs start` (Slack over HTTP, Web API pointed at the stand-in) on a
 * migrated copy of the large portfolio, from spawn to the first 200 from /healthz. The first tick
 * starts right after; how long /healthz then keeps callers waiting is reported too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { runWorker } from "./child.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./constants.js";
import { below, type Figure, figure, median } from "./report.js";
import { copyDb, seedPortfolio } from "./seed.js";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function health(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const closed = new Promise((resolve) => child.once("close", resolve));
  child.kill("SIGTERM");
  await closed;
}

/** Spawn → first healthy answer; then the slowest /healthz answer over the next `watchMs`. */
async function startOnce(file: string, apiUrl: string, watchMs: number) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["src/cli/bin.mjs", "start"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: file,
      PORT: String(port),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      TZ_DEFAULT: "UTC",
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  try {
    while (!(await health(port))) {
      if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error("start did not answer /healthz in 60 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = performance.now() - started;
    let slowest = 0;
    const watchUntil = performance.now() + watchMs;
    while (performance.now() < watchUntil) {
      const asked = performance.now();
      await health(port);
      slowest = Math.max(slowest, performance.now() - asked);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { readyMs, slowest };
  } finally {
    await stop(child);
  }
}

export async function startupScenario(
  options: { initiatives?: number; runs?: number } = {},
): Promise<Figure[]> {
  const initiatives = options.initiatives ?? 5_000;
  const now = new Date();
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.ceil(initiatives * 0.66),
      historyWeeks: 104,
      now,
      nextCheckinAt: new Date(now.getTime() + 6 * 86_400_000),
      nextPeriodKey: "bench-next",
    },
    "startup",
  );
  // At rest, as after any earlier run: today's escalations and digest already taken and delivered.
  await runWorker("bench/tick-worker.ts", [seeded.file, now.toISOString(), "0", "prepare"]);
  const stub = await startSlackApiStub();
  const runs: { readyMs: number; slowest: number }[] = [];
  try {
    for (let i = 0; i < (options.runs ?? 5); i++) {
      const file = copyDb(seeded, "startup-run");
      runs.push(await startOnce(file, stub.apiUrl, 3_000));
      rmSync(dirname(file), { recursive: true, force: true });
    }
  } finally {
    await stub.close();
    rmSync(seeded.dir, { recursive: true, force: true });
  }
  const s = "start-up";
  return [
    figure(s, "portfolio", initiatives, "initiatives, 2 years of check-ins"),
    figure(s, "spawn → /healthz 200", median(runs.map((r) => r.readyMs)), "ms", below(1_500, "ms")),
    figure(s, "slowest /healthz in the 3 s after", median(runs.map((r) => r.slowest)), "ms"),
  ];
}
