/**
 * Scenario 4: `sponsor-pulse --help` (wall time and peak RSS), then `sponsor-pulse start` (Slack over
 * HTTP, Web API pointed at the stand-in) on a migrated copy of the large portfolio, from spawn to the
 * first 200 from /healthz. The first tick starts right after; how long /healthz then keeps callers
 * waiting is reported too. Both run the compiled bin when `npm run build` has made it, else the sources
 * through tsx; the figures say which.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { runWorker } from "./child.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./constants.js";
import { below, type Figure, figure, median } from "./report.js";
import { copyDb, seedPortfolio } from "./seed.js";

const COMPILED = "dist/src/cli/main.js";

/** What `sponsor-pulse` runs here: the compiled bin if built, else the development launcher (tsx). */
function botEntry(): { script: string; label: string } {
  return existsSync(COMPILED)
    ? { script: COMPILED, label: "compiled" }
    : { script: "src/cli/bin.mjs", label: "tsx" };
}

/** One `sponsor-pulse --help`: spawn → exit, and the process's peak RSS. */
async function helpOnce(script: string): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "./bench/max-rss.mjs", script, "--help"], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const ms = performance.now() - started;
  const kb = /max-rss-kb (\d+)/.exec(err)?.[1];
  if (code !== 0 || kb === undefined) throw new Error(`--help exited with ${code}: ${err.trim()}`);
  return { ms, rssMb: Number(kb) / 1024 };
}

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
async function startOnce(script: string, file: string, apiUrl: string, watchMs: number) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script, "start"], {
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
  const entry = botEntry();
  const helps: { ms: number; rssMb: number }[] = [];
  for (let i = 0; i < (options.runs ?? 5) * 2; i++) helps.push(await helpOnce(entry.script));
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
      runs.push(await startOnce(entry.script, file, stub.apiUrl, 3_000));
      rmSync(dirname(file), { recursive: true, force: true });
    }
  } finally {
    await stub.close();
    rmSync(seeded.dir, { recursive: true, force: true });
  }
  const s = "start-up";
  return [
    figure(s, `bin measured: ${entry.script} (${entry.label})`, helps.length, "--help runs"),
    figure(s, "--help wall time", median(helps.map((h) => h.ms)), "ms"),
    figure(s, "--help peak RSS", median(helps.map((h) => h.rssMb)), "MB"),
    figure(s, "portfolio", initiatives, "initiatives, 2 years of check-ins"),
    figure(s, "spawn → /healthz 200", median(runs.map((r) => r.readyMs)), "ms", below(1_500, "ms")),
    figure(s, "slowest /healthz in the 3 s after", median(runs.map((r) => r.slowest)), "ms"),
  ];
}
