import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot, until } from "../support/fault-bot.js";
import { outboxCounts } from "../support/fault-db.js";
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from "../support/fault-proxy.js";
import { recordResult } from "../support/fault-results.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { type SlackApiStub, startSlackApiStub } from "../support/slack-api-stub.js";

const SPONSORS = 1_000;
const BOT_TOKEN = "xoxb-5550001112-2223334445-CrashTestTokenValue42";
const SIGNING_SECRET = "c7f1e0a9b2d34c5e6f708192a3b4c5d6";

type KillPoint = "before-send" | "after-send-before-record" | "after-answer";

/** chat.postMessage calls the stand-in acted on, per DM channel. */
function postsPerChannel(stub: SlackApiStub): Map<string, number> {
  const per = new Map<string, number>();
  for (const m of stub.messages) per.set(m.channel, (per.get(m.channel) ?? 0) + 1);
  return per;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One bot life: started on the file, killed by the proxy at `kill` (or stopped once all is sent). */
async function life(
  env: Record<string, string>,
  proxy: FaultProxy,
  kill: { point: KillPoint; at: number } | undefined,
): Promise<void> {
  let crashed = false;
  let bot: BotProcess | undefined;
  const hook = (point: KillPoint) => async (req: ProxiedRequest) => {
    if (crashed || point !== kill?.point || req.method !== "chat.postMessage" || req.n !== kill.at) return;
    crashed = true;
    bot?.crash();
    await bot?.exited;
  };
  proxy.options = {
    // Killed before the send: the request in hand never reaches Slack.
    decide: (req) =>
      kill?.point === "before-send" && req.method === "chat.postMessage" && req.n === kill.at
        ? { kind: "reset" }
        : { kind: "forward" },
    beforeForward: hook("before-send"),
    afterUpstream: hook("after-send-before-record"),
    afterReply: hook("after-answer"),
  };
  bot = await spawnBot({ ...env, SLACK_API_URL: proxy.apiUrl });
  if (kill) {
    const code = await bot.exited;
    expect(crashed, bot.stderr()).toBe(true);
    expect(code).toBeNull();
    return;
  }
  try {
    await until(() => (outboxCounts(env.DATABASE_URL as string).sent ?? 0) === SPONSORS, 60_000);
  } finally {
    await bot.stop();
  }
}

describe("kill -9 in the middle of delivering 1,000 check-ins", () => {
  it("killed before a send, after a send before its record, and after its answer: every sponsor gets exactly one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pulse-crash-"));
    dirs.push(dir);
    const file = join(dir, "pulse.db");
    const sponsors = await seedDueCheckins(dir, SPONSORS);
    const stub = await startSlackApiStub();
    stub.latencyMs = 2;
    const proxy = await startFaultProxy(stub.url);
    const env = {
      DATABASE_URL: file,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      TZ_DEFAULT: "UTC",
    };
    try {
      const kills: { point: KillPoint; at: number }[] = [
        { point: "before-send", at: 1 },
        { point: "after-send-before-record", at: 350 },
        { point: "after-answer", at: 700 },
      ];
      const interrupted: number[] = [];
      let lookups = 0;
      for (const kill of kills) {
        const historyBefore = stub.callsOf("conversations.history").length;
        await life(env, proxy, kill);
        lookups += stub.callsOf("conversations.history").length - historyBefore;
        interrupted.push(outboxCounts(file).sending ?? 0);
      }
      const historyBefore = stub.callsOf("conversations.history").length;
      await life(env, proxy, undefined);
      lookups += stub.callsOf("conversations.history").length - historyBefore;

      // Every kill left sends in doubt; each was looked up in the DM's history before any re-send.
      for (const n of interrupted) expect(n).toBeGreaterThan(0);
      expect(lookups).toBeGreaterThanOrEqual(interrupted.reduce((a, b) => a + b, 0));
      const per = postsPerChannel(stub);
      const duplicates = [...per.values()].filter((n) => n > 1).length;
      const lost = sponsors.filter((id) => !per.has(`D${id}`)).length;
      expect(duplicates).toBe(0);
      expect(lost).toBe(0);
      expect(stub.messages).toHaveLength(SPONSORS);
      expect(outboxCounts(file)).toEqual({ sent: SPONSORS });
      recordResult("crash", {
        sponsors: SPONSORS,
        kills: kills.map((k, i) => ({ ...k, interrupted: interrupted[i] })),
        historyLookups: lookups,
        postAttempts: stub.callsOf("chat.postMessage").length,
        delivered: stub.messages.length,
        duplicates,
        lost,
      });
    } finally {
      await proxy.close();
      await stub.close();
    }
  }, 120_000);
});
