import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackPlatform } from "../../adapters/slack/send.js";
import { ManualClock, MINUTE } from "../../src/core/clock.js";
import type { Logger } from "../../src/core/logger.js";
import { type FaultProxy, type ProxyAction, seededRandom, startFaultProxy } from "../support/fault-proxy.js";
import { recordResult } from "../support/fault-results.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { createTestPulse, type TestPulse } from "../support/pulse-fixture.js";
import { type SlackApiStub, startSlackApiStub } from "../support/slack-api-stub.js";

const SPONSORS = 200;
const BOT_TOKEN = "xoxb-7770001112-2223334445-PlatformFaultsToken9";

let stub: SlackApiStub;
let proxy: FaultProxy;
let pulse: TestPulse;
let clock: ManualClock;
let sponsors: string[];
const logs: string[] = [];

const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (msg, ctx) => logs.push(`warn ${msg} ${JSON.stringify(ctx ?? {})}`),
  error: (msg, ctx) => logs.push(`error ${msg} ${JSON.stringify(ctx ?? {})}`),
};

/** A random mix for every Web API call: 429 with Retry-After, 500, resets before and after Slack acted, slow answers. */
function randomMix(seed: number, rate: number): (req: { method: string }) => ProxyAction {
  const random = seededRandom(seed);
  return () => {
    const r = random();
    if (r >= rate) return { kind: "forward" };
    const pick = Math.floor((r / rate) * 5);
    switch (pick) {
      case 0:
        return { kind: "status", status: 429, retryAfter: 0 };
      case 1:
        return { kind: "status", status: 500 };
      case 2:
        return { kind: "reset" };
      case 3:
        return { kind: "lostAnswer" };
      default:
        // Longer than the client's timeout: Slack acted, the bot gave up waiting.
        return { kind: "slow", ms: 250 };
    }
  };
}

beforeEach(async () => {
  logs.length = 0;
  stub = await startSlackApiStub();
  proxy = await startFaultProxy(stub.url);
  const now = new Date();
  clock = new ManualClock(now);
  pulse = await createTestPulse({ clock });
  sponsors = await seedDueCheckins(pulse.dir, SPONSORS, { dueAt: new Date(now.getTime() - MINUTE) });
  pulse.platforms.set(
    "slack",
    createSlackPlatform({
      botToken: BOT_TOKEN,
      apiUrl: proxy.apiUrl,
      logger,
      clock,
      retry: { attempts: 3, minDelayMs: 5, maxDelayMs: 20 },
      timeoutMs: 150,
    }),
  );
});
afterEach(async () => {
  await pulse.close();
  await proxy.close();
  await stub.close();
});

function outbox(): Record<string, number> {
  const rows = pulse.db.$client.prepare("select status, count(*) as n from outbox group by status").all() as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe("platform faults during a whole tick", () => {
  it.each([
    [1, 0.3],
    [2, 0.5],
  ])("seed %i, %f of calls faulted: every check-in delivered exactly once", async (seed, rate) => {
    proxy.options = { decide: randomMix(seed, rate) };
    const first = await pulse.tick();
    expect(first.checkins).toBe(SPONSORS);
    // Later ticks pick up what the outbox deferred (Retry-After, back-off), until nothing is left.
    let ticks = 1;
    while ((outbox().pending ?? 0) > 0 && ticks < 60) {
      clock.advance(10 * MINUTE);
      await pulse.tick();
      ticks++;
    }
    const injected = proxy.totalInjected;
    proxy.options = {};
    expect(outbox()).toEqual({ sent: SPONSORS });
    const per = new Map<string, number>();
    for (const m of stub.messages) per.set(m.channel, (per.get(m.channel) ?? 0) + 1);
    const duplicates = [...per.values()].filter((n) => n > 1).length;
    const lost = sponsors.filter((id) => !per.has(`D${id}`)).length;
    expect({ duplicates, lost }).toEqual({ duplicates: 0, lost: 0 });
    expect(stub.messages).toHaveLength(SPONSORS);
    expect(injected).toBeGreaterThan(SPONSORS * rate * 0.5);
    expect(logs.join("\n")).not.toContain(BOT_TOKEN);
    recordResult("platform", {
      seed,
      rate,
      messages: SPONSORS,
      calls: [...proxy.counts.values()].reduce((a, b) => a + b, 0),
      injected: Object.fromEntries(proxy.injected),
      ticks,
      duplicates,
      lost,
    });
  });
});
