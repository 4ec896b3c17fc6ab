/**
 * Scenario `fanout-pg`: the fan-out portfolio (10,000 sponsors, 15,000 initiatives due in the same
 * minute) seeded on SQLite, moved with `sponsor-pulse copy` to a fresh database on the PostgreSQL
 * that .ci/postgres.sh starts, then delivered by THREE `sponsor-pulse start` processes (Slack over
 * HTTP, distinct ports) through one Slack API stand-in limited to 100 chat.postMessage a second.
 * Skipped, with the reason printed, when PostgreSQL cannot be started.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { runCli } from "../tests/support/cli.js";
import { type BotProcess, spawnBot, until } from "../tests/support/fault-bot.js";
import { startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./constants.js";
import { deliveryCounts } from "./fanout.js";
import { exactly, type Figure, figure } from "./report.js";
import { seedPortfolio } from "./seed.js";

// BENCH_REPLICAS=1 compares one replica on the same database.
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 3);
const F = "fan-out pg";

async function startPostgres(): Promise<{ url: string } | { reason: string }> {
  try {
    const { stdout } = await promisify(execFile)(".ci/postgres.sh", [], { timeout: 300_000 });
    const url = stdout.trim().split("\n").pop() ?? "";
    if (!url.startsWith("postgres://")) return { reason: `.ci/postgres.sh printed no URL (${url})` };
    return { url };
  } catch (error) {
    // The script's own last words (psql, pg_ctl or apt-get) say more than "Command failed".
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    const first = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { reason: stderr ? (stderr.split("\n").pop() ?? first) : first };
  }
}

async function onServer<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Sums what each replica's ticks reported in its log (`tick` lines: check-ins planned, messages sent). */
function replicaReport(bot: BotProcess): { checkins: number; sent: number; failedTicks: number } {
  let checkins = 0;
  let sent = 0;
  let failedTicks = 0;
  for (const line of bot.stderr().split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; checkins?: number; delivery?: { sent?: number } };
      if (entry.msg === "tick") {
        checkins += entry.checkins ?? 0;
        sent += entry.delivery?.sent ?? 0;
      }
      if (entry.msg === "tick failed") failedTicks++;
    } catch {
      // not a log line
    }
  }
  return { checkins, sent, failedTicks };
}

export async function fanoutPgScenario(
  options: { sponsors?: number; initiatives?: number; limit?: number } = {},
): Promise<Figure[]> {
  const sponsors = options.sponsors ?? 10_000;
  const initiatives = options.initiatives ?? 15_000;
  const limit = options.limit ?? 100;
  const server = await startPostgres();
  if ("reason" in server) {
    console.error(`  fanout-pg skipped: PostgreSQL could not be started: ${server.reason}`);
    return [
      { scenario: F, metric: "skipped: PostgreSQL could not be started", value: 0, unit: "", target: "" },
    ];
  }
  const name = `pulse_bench_${randomBytes(5).toString("hex")}`;
  const dbUrl = new URL(server.url);
  dbUrl.pathname = `/${name}`;
  const url = dbUrl.toString();
  await onServer(server.url, (c) => c.query(`create database ${name}`));

  const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const seeded = seedPortfolio(
    { initiatives, sponsors, historyWeeks: 0, now: due, nextCheckinAt: due, nextPeriodKey: "bench-1" },
    "fanout-pg",
  );
  const stub = await startSlackApiStub();
  stub.rateLimits.set("chat.postMessage", limit);
  const bots: BotProcess[] = [];
  try {
    const copyStarted = performance.now();
    const copied = await runCli(["copy", "--from", seeded.file, "--to", url]);
    if (copied.code !== 0) throw new Error(`copy exited with ${copied.code}: ${copied.stderr}`);
    const copyMs = performance.now() - copyStarted;

    const env = {
      DATABASE_URL: url,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: stub.apiUrl,
      TZ_DEFAULT: "UTC",
    };
    const spawnedAt = Date.now();
    for (let r = 0; r < REPLICAS; r++) bots.push(await spawnBot(env));
    await Promise.all(bots.map((b) => b.ready(60_000)));
    const readyMs = Date.now() - spawnedAt;
    // Done when every check-in exists and the outbox holds only sent (or failed) rows; the deadline
    // only bounds a hang (a replica's leftovers would wait for the next minute tick).
    const counts = async () =>
      onServer(url, async (c) => {
        const res = await c.query<{ checkins: string; open: string; sent: string; failed: string }>(
          `select (select count(*) from checkins) as checkins,
                  (select count(*) from outbox where status in ('pending', 'sending')) as open,
                  (select count(*) from outbox where status = 'sent') as sent,
                  (select count(*) from outbox where status = 'failed') as failed`,
        );
        const row = res.rows[0];
        return {
          checkins: Number(row?.checkins ?? 0),
          open: Number(row?.open ?? 0),
          sent: Number(row?.sent ?? 0),
          failed: Number(row?.failed ?? 0),
        };
      });
    await until(async () => {
      const c = await counts();
      return c.checkins === initiatives && c.open === 0 && c.sent + c.failed > 0;
    }, 600_000);
    const final = await counts();
    // A replica logs its tick when the tick ends: wait (bounded) for every sent row to be logged.
    await until(() => sum(bots.map((b) => replicaReport(b).sent)) >= final.sent, 90_000).catch(
      () => undefined,
    );
    const posts = stub.callsOf("chat.postMessage");
    const lastPost = Math.max(...posts.map((p) => p.at));
    const firstPost = posts[0]?.at ?? Number.NaN;
    for (const bot of bots) await bot.stop();
    const reports = bots.map(replicaReport);

    const { lost, split, duplicated } = deliveryCounts(stub, sponsors);
    const bound = sponsors / limit;
    const seconds = (lastPost - spawnedAt) / 1000;
    const sentByReplicas = sum(reports.map((r) => r.sent));
    return [
      figure(F, "sponsors / initiatives due", sponsors, `/ ${initiatives}`),
      figure(F, "replicas (sponsor-pulse start, HTTP)", REPLICAS, "on one PostgreSQL database"),
      figure(F, "sponsor-pulse copy SQLite → PostgreSQL", copyMs / 1000, "s"),
      figure(F, "check-ins created", final.checkins, "", exactly(initiatives)),
      figure(F, "spawn → all 3 /healthz 200", readyMs / 1000, "s"),
      figure(F, "spawn → first message posted", (firstPost - spawnedAt) / 1000, "s"),
      figure(F, "total: spawn → last message accepted", seconds, "s", {
        text: `≤ ${(bound * 1.1).toFixed(0)} s (bound ${bound.toFixed(0)} s + 10%)`,
        met: (v) => v <= bound * 1.1,
      }),
      figure(F, "time / bound", seconds / bound, "×"),
      figure(F, "429s received", stub.rateLimited.get("chat.postMessage") ?? 0, ""),
      figure(F, "chat.postMessage calls", posts.length, ""),
      ...reports.map((r, i) =>
        figure(
          F,
          `replica ${i + 1}: messages sent (share) / check-ins planned`,
          r.sent,
          `(${((100 * r.sent) / Math.max(1, sentByReplicas)).toFixed(1)} %) / ${r.checkins}`,
        ),
      ),
      figure(F, "sponsors without their message (lost)", lost, "", exactly(0)),
      figure(F, "check-ins posted twice (duplicated)", duplicated, "", exactly(0)),
      figure(F, "sponsors sent more than one message", split, "", exactly(0)),
      figure(F, "outbox failed", final.failed, "", exactly(0)),
      figure(F, "failed ticks (all replicas)", sum(reports.map((r) => r.failedTicks)), "", exactly(0)),
    ];
  } finally {
    for (const bot of bots) await bot.stop();
    await stub.close();
    rmSync(seeded.dir, { recursive: true, force: true });
    await onServer(server.url, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
