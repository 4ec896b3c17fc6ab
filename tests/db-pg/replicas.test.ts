/**
 * Three `sponsor-pulse start` processes on one PostgreSQL database, 2,000 check-ins due at once.
 * One replica is killed (kill -9) right after Slack accepted one of its messages and before it
 * recorded it; its claimed rows are taken over when their lease expires. Every sponsor must get
 * exactly one check-in.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copyDatabase } from "../../src/cli/copy.js";
import { runCli } from "../support/cli.js";
import { type BotProcess, spawnBot, until } from "../support/fault-bot.js";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { type SlackApiStub, startSlackApiStub } from "../support/slack-api-stub.js";
import { PG_SKIP_REASON, PG_URL, type Scratch, scratchDatabase } from "./dialects.js";

const SPONSORS = 2_000;
const KILL_AT = 30;
const LEASE_SECONDS = 3;
const BOT_TOKEN = "xoxb-5550001112-2223334445-ReplicaTestToken77";
const SIGNING_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

async function outboxCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ status: string; n: string }>(
      "select status, count(*) as n from outbox group by status",
    );
    return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
  } finally {
    await client.end();
  }
}

async function takenOver(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ n: string }>("select count(*) as n from outbox where attempts > 1");
    return Number(res.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
}, 120_000);

describe.skipIf(!PG_URL)("three replicas on one PostgreSQL database", () => {
  it("2,000 check-ins due, one replica killed mid-delivery: every sponsor gets exactly one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pulse-replicas-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const db: Scratch = await scratchDatabase("postgres");
    cleanups.push(() => db.drop());
    // The installation is made on SQLite and moved with `copy`, as an operator outgrowing one machine would.
    const sponsors = await seedDueCheckins(dir, SPONSORS);
    const copied = await copyDatabase(join(dir, "pulse.db"), db.url);
    expect(copied.tables.find((t) => t.table === "initiatives")?.rows).toBe(SPONSORS);

    const stub: SlackApiStub = await startSlackApiStub();
    stub.latencyMs = 2;
    const proxy: FaultProxy = await startFaultProxy(stub.url);
    cleanups.push(async () => {
      await proxy.close();
      await stub.close();
    });
    const env = {
      DATABASE_URL: db.url,
      DATABASE_LEASE_SECONDS: String(LEASE_SECONDS),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: stub.apiUrl,
      TZ_DEFAULT: "UTC",
    };

    // Replica A reaches Slack through the proxy, which kills it once Slack has taken its KILL_AT-th message.
    let victim: BotProcess | undefined;
    let killed = false;
    proxy.options = {
      afterUpstream: async (req) => {
        if (killed || req.method !== "chat.postMessage" || req.n !== KILL_AT) return;
        killed = true;
        victim?.crash();
        await victim?.exited;
      },
    };
    const bots = await Promise.all([
      spawnBot({ ...env, SLACK_API_URL: proxy.apiUrl }),
      spawnBot(env),
      spawnBot(env),
    ]);
    victim = bots[0];
    cleanups.push(async () => {
      for (const bot of bots) await bot.stop();
    });
    const [a, b, c] = bots as [BotProcess, BotProcess, BotProcess];

    // Planning 2,000 check-ins (three replicas racing on each slot) comes first, then delivery.
    await until(() => killed, 240_000);
    expect(await a.exited).toBeNull();
    // What A held stays `sending` under its lease; the survivors deliver everything else.
    await until(async () => {
      const counts = await outboxCounts(db.url);
      return (counts.pending ?? 0) === 0 && (counts.sent ?? 0) + (counts.sending ?? 0) === SPONSORS;
    }, 120_000);
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 500));
    // Once the lease has run out the survivors' next minute tick takes A's rows over; a CLI tick (a
    // fourth process) does the same job now.
    const tick = await runCli(["tick"], { env });
    expect(tick.code, tick.stderr).toBe(0);
    await until(async () => ((await outboxCounts(db.url)).sent ?? 0) === SPONSORS, 90_000);

    const per = new Map<string, number>();
    for (const m of stub.messages) per.set(m.channel, (per.get(m.channel) ?? 0) + 1);
    const duplicates = [...per.values()].filter((n) => n > 1).length;
    const lost = sponsors.filter((id) => !per.has(`D${id}`)).length;
    // A's rows were taken over (a second attempt), each looked up in Slack's history before any re-send.
    const retaken = await takenOver(db.url);
    expect(retaken).toBeGreaterThan(0);
    expect(stub.callsOf("conversations.history").length).toBeGreaterThanOrEqual(retaken);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(stub.messages).toHaveLength(SPONSORS);
    expect(await outboxCounts(db.url)).toEqual({ sent: SPONSORS });
    expect(b.stderr() + c.stderr()).not.toMatch(/tick failed/);
  }, 600_000);
});

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);
