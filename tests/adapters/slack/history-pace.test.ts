import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HistoryPacer } from "../../../adapters/slack/history-pacer.js";
import { createSlackPlatform } from "../../../adapters/slack/send.js";
import { ManualClock } from "../../../src/core/clock.js";
import { textMessage } from "../../../src/core/message.js";
import { type ChatPlatform, DeliveryError } from "../../../src/core/platform.js";
import { type SlackApiStub, startSlackApiStub } from "../../support/slack-api-stub.js";
import { BOT_TOKEN, recordingLogger } from "./harness.js";

const MINUTE = 60_000;
const hello = textMessage("Are you still actively sponsoring **Churn model**?");

/** A distributed (non-Marketplace) install: Slack allows conversations.history once a minute, 15 a page. */
describe("in-doubt lookups of a distributed app", () => {
  let stub: SlackApiStub;
  let clock: ManualClock;
  let platform: ChatPlatform;

  beforeEach(async () => {
    stub = await startSlackApiStub();
    clock = new ManualClock("2026-11-23T09:00:00Z");
    stub.now = () => clock.now().getTime();
    stub.rateLimits.set("conversations.history", 1 / 60);
    stub.historyMaxLimit = 15;
    platform = createSlackPlatform({
      botToken: BOT_TOKEN,
      apiUrl: stub.apiUrl,
      logger: recordingLogger(),
      clock,
      retry: { attempts: 4, minDelayMs: 1, maxDelayMs: 2 },
      installKind: "distributed",
    });
  });
  afterEach(async () => {
    await stub.close();
  });

  it("after a crash, 30 in-doubt messages are looked up one a minute, each on its reserved turn", async () => {
    const targets = Array.from({ length: 30 }, (_, i) => ({ kind: "user" as const, id: `U${i}` }));
    // Half of them had arrived before the crash.
    for (const [i, target] of targets.entries())
      if (i % 2 === 0) await platform.send("T1", target, hello, { dedupeKey: `ci-${i}` });
    stub.calls.length = 0;
    const start = clock.now().getTime();
    const pending = new Map(targets.map((_t, i) => [i, start]));
    const found = new Map<number, string | undefined>();
    const attempts = new Map<number, number>();
    // What the outbox does: try each when due; a "retry" with a wait puts it back until then.
    while (pending.size > 0) {
      const next = Math.min(...pending.values());
      if (next > clock.now().getTime()) clock.set(new Date(next));
      for (const [i, due] of [...pending]) {
        if (due > clock.now().getTime()) continue;
        attempts.set(i, (attempts.get(i) ?? 0) + 1);
        try {
          found.set(i, await platform.findSent?.("T1", targets[i]!, `ci-${i}`));
          pending.delete(i);
        } catch (error) {
          expect(error).toBeInstanceOf(DeliveryError);
          expect(error).toMatchObject({ failure: "retry" });
          pending.set(i, clock.now().getTime() + ((error as DeliveryError).retryAfterMs ?? MINUTE));
        }
      }
    }
    for (const [i] of targets.entries()) expect(Boolean(found.get(i)), `ci-${i}`).toBe(i % 2 === 0);
    const lookups = stub.callsOf("conversations.history");
    expect(lookups).toHaveLength(30);
    // Never over Slack's limit, never a 429, and no message deferred more than once.
    expect(stub.rateLimited.get("conversations.history") ?? 0).toBe(0);
    const minutes = lookups.map((c) => Math.floor((c.at - start) / MINUTE));
    expect(new Set(minutes).size).toBe(30);
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(2);
    // Narrow: 15 messages at most, since a bounded time.
    for (const call of lookups) {
      expect(call.body.limit).toBe("15");
      expect(Number(call.body.oldest)).toBeGreaterThan((start - 25 * 60 * MINUTE) / 1000);
    }
  });

  it("a lost answer is looked up in one narrow page; a second doubt within the minute defers", async () => {
    stub.failNext("chat.postMessage", 1, { lostAnswer: true });
    const ref = await platform.send("T1", { kind: "user", id: "U1" }, hello, { dedupeKey: "ci-1" });
    expect(ref).toBe(`slack:DU1:${stub.messages[0]?.ts}`);
    const [lookup] = stub.callsOf("conversations.history");
    expect(Number(lookup?.body.oldest)).toBe((clock.now().getTime() - 24 * 60 * MINUTE) / 1000);
    expect(lookup?.body.limit).toBe("15");

    stub.failNext("chat.postMessage", 1, { lostAnswer: true });
    const second = platform.send("T1", { kind: "user", id: "U2" }, hello, { dedupeKey: "ci-2" });
    await expect(second).rejects.toMatchObject({ failure: "retry", retryAfterMs: MINUTE });
    expect(stub.callsOf("conversations.history")).toHaveLength(1);
    // The outbox comes back when told: the message had arrived, it is found, not posted again.
    clock.advance(MINUTE);
    expect(await platform.findSent?.("T1", { kind: "user", id: "U2" }, "ci-2")).toBe(
      `slack:DU2:${stub.messages[1]?.ts}`,
    );
    expect(stub.messages).toHaveLength(2);
  });

  it("a message further back than one page of 15 is found on the next page, a minute later", async () => {
    const target = { kind: "user" as const, id: "U1" };
    await platform.send("T1", target, hello, { dedupeKey: "old" });
    for (let i = 0; i < 20; i++) await platform.send("T1", target, hello, { dedupeKey: `new-${i}` });
    stub.calls.length = 0;
    const first = platform.findSent?.("T1", target, "old");
    // Page one is read now; page two waits its turn, a minute later.
    await expect(first).rejects.toMatchObject({ failure: "retry", retryAfterMs: MINUTE });
    // Its next try goes on from page two instead of starting over.
    clock.advance(MINUTE);
    expect(await platform.findSent?.("T1", target, "old")).toBe(`slack:DU1:${stub.messages[0]?.ts}`);
    expect(stub.callsOf("conversations.history").map((c) => c.body.cursor)).toEqual([undefined, "15"]);
    expect(stub.rateLimited.get("conversations.history") ?? 0).toBe(0);
  });

  it("a 429 from Slack (another replica) holds every lookup until Retry-After", async () => {
    stub.failNext("conversations.history", 1, { status: 429, retryAfter: 120 });
    await expect(platform.findSent?.("T1", { kind: "user", id: "U1" }, "x")).rejects.toMatchObject({
      failure: "retry",
      retryAfterMs: 120_000,
    });
    await expect(platform.findSent?.("T1", { kind: "user", id: "U2" }, "y")).rejects.toMatchObject({
      failure: "retry",
    });
    expect(stub.callsOf("conversations.history")).toHaveLength(1);
  });
});

describe("in-doubt lookups when the install kind is not known (auto)", () => {
  it("start at Tier 3 and keep to one a minute after the first long Retry-After", async () => {
    const stub = await startSlackApiStub();
    try {
      const clock = new ManualClock("2026-11-23T09:00:00Z");
      stub.now = () => clock.now().getTime();
      stub.rateLimits.set("conversations.history", 1 / 60);
      stub.historyMaxLimit = 15;
      const platform = createSlackPlatform({
        botToken: BOT_TOKEN,
        apiUrl: stub.apiUrl,
        logger: recordingLogger(),
        clock,
        retry: { attempts: 4, minDelayMs: 1, maxDelayMs: 2 },
      });
      const look = async (i: number) => platform.findSent?.("T1", { kind: "user", id: `U${i}` }, `k${i}`);
      expect(await look(0)).toBeUndefined();
      expect(stub.callsOf("conversations.history")[0]?.body.limit).toBe("100");
      await expect(look(1)).rejects.toMatchObject({ failure: "retry", retryAfterMs: MINUTE });
      // From now on: one a minute, pages of 15, and Slack never has to refuse again.
      for (let i = 2; i < 6; i++) {
        const wait = await look(i).then(
          () => 0,
          (error: DeliveryError) => error.retryAfterMs ?? 0,
        );
        clock.advance(wait);
        if (wait > 0) await look(i);
      }
      expect(stub.rateLimited.get("conversations.history")).toBe(1);
      expect(stub.callsOf("conversations.history").at(-1)?.body.limit).toBe("15");
    } finally {
      await stub.close();
    }
  });
});

describe("HistoryPacer", () => {
  it("lets a Tier 3 install burst a minute's worth, then spaces the rest", () => {
    let now = 0;
    const pacer = new HistoryPacer("internal", () => now);
    const waits = Array.from({ length: 42 }, (_, i) => pacer.turn("T1", `k${i}`));
    expect(waits.slice(0, 40)).toEqual(Array(40).fill(0));
    expect(waits.slice(40)).toEqual([1500, 3000]);
    // The one told to wait gets its turn when it comes back, not a later one.
    now = 1500;
    expect(pacer.turn("T1", "k40")).toBe(0);
    // Workspaces have their own limits.
    expect(pacer.turn("T2", "k0")).toBe(0);
  });
});
