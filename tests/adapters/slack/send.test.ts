import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackPlatform, decodeRef } from "../../../adapters/slack/send.js";
import { ManualClock } from "../../../src/core/clock.js";
import { textMessage } from "../../../src/core/message.js";
import { type ChatPlatform, DeliveryError } from "../../../src/core/platform.js";
import { type Fault, type SlackApiStub, startSlackApiStub } from "../../support/slack-api-stub.js";
import { BOT_TOKEN, recordingLogger } from "./harness.js";

let stub: SlackApiStub;
let platform: ChatPlatform;
const logger = recordingLogger();
const clock = new ManualClock("2026-11-23T09:00:00Z");

beforeEach(async () => {
  stub = await startSlackApiStub();
  platform = createSlackPlatform({
    botToken: BOT_TOKEN,
    apiUrl: stub.apiUrl,
    logger,
    clock,
    retry: { attempts: 4, minDelayMs: 10, maxDelayMs: 20 },
    // Tier 3 pace: these cases are about faults; the distributed pace has its own suite (history-pace).
    installKind: "internal",
  });
});
afterEach(async () => {
  await stub.close();
});

const hello = textMessage("Are you still actively sponsoring **Churn model**?");

describe("send", () => {
  it("opens the DM and posts with blocks, fallback text and the dedupe key as metadata", async () => {
    const ref = await platform.send("T1", { kind: "user", id: "U0SPONSOR" }, hello, { dedupeKey: "ci-1" });
    expect(ref).toMatch(/^slack:DU0SPONSOR:\d+\.\d+$/);
    expect(stub.callsOf("conversations.open")[0]?.body.users).toBe("U0SPONSOR");
    expect(stub.messages).toHaveLength(1);
    expect(stub.messages[0]).toMatchObject({
      channel: "DU0SPONSOR",
      text: "Are you still actively sponsoring Churn model?",
      metadata: { event_type: "sponsor_pulse", event_payload: { dedupe_key: "ci-1" } },
    });
    expect(stub.messages[0]?.blocks).toHaveLength(1);
    // The token travels in the Authorization header, never in the body.
    expect(JSON.stringify(stub.calls)).not.toContain(BOT_TOKEN);
  });

  it("posts to a channel without opening a DM", async () => {
    const ref = await platform.send("T1", { kind: "channel", id: "C0PMO" }, hello, { dedupeKey: "d-1" });
    expect(decodeRef(ref)?.channel).toBe("C0PMO");
    expect(stub.callsOf("conversations.open")).toHaveLength(0);
  });

  it("waits for Retry-After on 429 and then posts exactly once", async () => {
    stub.failNext("chat.postMessage", 1, { status: 429, retryAfter: 1 });
    await platform.send("T1", { kind: "user", id: "U1" }, hello, { dedupeKey: "k" });
    const attempts = stub.callsOf("chat.postMessage");
    expect(attempts).toHaveLength(2);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(stub.messages).toHaveLength(1);
  });

  it("retries 5xx and dropped connections, then succeeds once", async () => {
    stub.failNext("chat.postMessage", 1, { status: 500 });
    stub.failNext("chat.postMessage", 1, { reset: true });
    await platform.send("T1", { kind: "user", id: "U1" }, hello, { dedupeKey: "k" });
    expect(stub.callsOf("chat.postMessage")).toHaveLength(3);
    expect(stub.messages).toHaveLength(1);
  });

  it("a post whose answer was lost is found in the history, not posted again", async () => {
    stub.failNext("chat.postMessage", 1, { lostAnswer: true });
    const ref = await platform.send("T1", { kind: "user", id: "U1" }, hello, { dedupeKey: "ci-9" });
    expect(stub.messages).toHaveLength(1);
    expect(ref).toBe(`slack:DU1:${stub.messages[0]?.ts}`);
    expect(stub.callsOf("chat.postMessage")).toHaveLength(1);
    expect(stub.callsOf("conversations.history")).toHaveLength(1);
  });

  it("under a random mix of faults every message is delivered exactly once", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const faults: Fault[] = [
      { status: 429, retryAfter: 0 },
      { status: 500 },
      { reset: true },
      { lostAnswer: true },
    ];
    const keys = Array.from({ length: 40 }, (_, i) => `ci-${i}`);
    let injected = 0;
    for (const method of ["chat.postMessage", "conversations.open", "conversations.history"]) {
      for (let i = 0; i < 30; i++) {
        const fault = faults[Math.floor(random() * faults.length)];
        if (fault && random() < 0.6) {
          stub.failNext(method, 1, fault);
          injected++;
        }
      }
    }
    const paced = new ManualClock("2026-11-23T09:00:00Z");
    const sturdy = createSlackPlatform({
      botToken: BOT_TOKEN,
      apiUrl: stub.apiUrl,
      logger,
      clock: paced,
      retry: { attempts: 6, minDelayMs: 1, maxDelayMs: 5 },
      installKind: "internal",
    });
    // What a tick does with a message: send; after a "retry" failure, ask findSent before sending again.
    let failures = 0;
    for (const [i, key] of keys.entries()) {
      const target = { kind: "user" as const, id: `U${i % 7}` };
      for (let round = 0; round < 30; round++) {
        try {
          const found = round > 0 ? await sturdy.findSent?.("T1", target, key) : undefined;
          if (found) break;
          await sturdy.send("T1", target, hello, { dedupeKey: key });
          break;
        } catch (error) {
          expect(error).toMatchObject({ failure: "retry" });
          // A lookup told to wait its turn (Tier 3 pace) is not a fault: the outbox waits, so does this loop.
          if (String(error).includes("in-doubt lookup"))
            paced.advance((error as DeliveryError).retryAfterMs ?? 0);
          else failures++;
        }
      }
    }
    expect(failures).toBeLessThan(keys.length);
    const delivered = stub.messages.map((m) => m.metadata?.event_payload?.dedupe_key);
    expect(injected).toBeGreaterThan(20);
    expect(delivered.sort()).toEqual([...keys].sort());
  });

  it("throws DeliveryError('retry') without the token when Slack stays down", async () => {
    stub.failNext("chat.postMessage", 10, { status: 500 });
    const error = await platform
      .send("T1", { kind: "channel", id: "C1" }, hello, { dedupeKey: "k" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toBe("retry");
    expect((error as DeliveryError).message).not.toContain(BOT_TOKEN);
    expect(logger.lines.join("\n")).not.toContain(BOT_TOKEN);
    expect(stub.messages).toHaveLength(0);
  });

  it("a refused message is permanent or unreachable, not retried", async () => {
    const error = await platform.update("T1", "slack:C1:1700000000.000100", hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toBe("unreachable");
    expect(stub.callsOf("chat.update")).toHaveLength(1);
    await expect(platform.update("T1", "not-a-ref", hello)).rejects.toMatchObject({ failure: "permanent" });
  });
});

describe("update, findSent, lookupUser", () => {
  it("updates a message in place from its ref", async () => {
    const ref = await platform.send("T1", { kind: "user", id: "U1" }, hello, { dedupeKey: "k" });
    await platform.update("T1", ref, textMessage("Recorded: actively sponsoring"));
    expect(stub.messages[0]).toMatchObject({ text: "Recorded: actively sponsoring", updates: 1 });
  });

  it("finds a message that arrived before a crash by its dedupe key", async () => {
    const target = { kind: "user" as const, id: "U0SPONSOR" };
    await platform.send("T1", target, hello, { dedupeKey: "ci-1" });
    const ref = await platform.send("T1", target, hello, { dedupeKey: "ci-2" });
    expect(await platform.findSent?.("T1", target, "ci-2")).toBe(ref);
    expect(await platform.findSent?.("T1", target, "ci-3")).toBeUndefined();
    expect(stub.callsOf("conversations.history")[0]?.body).toMatchObject({ include_all_metadata: "true" });
  });

  it("looks people up once and caches name, tz and bot flag", async () => {
    stub.addUser({ id: "U0ANA", name: "ana", real_name: "Ana Lima", tz: "America/Sao_Paulo" });
    const first = await platform.lookupUser?.("T1", "U0ANA");
    expect(first).toEqual({ displayName: "ana", tz: "America/Sao_Paulo", isBot: false });
    await platform.lookupUser?.("T1", "U0ANA");
    expect(stub.callsOf("users.info")).toHaveLength(1);
    clock.advance(7 * 60 * 60 * 1000);
    await platform.lookupUser?.("T1", "U0ANA");
    expect(stub.callsOf("users.info")).toHaveLength(2);
    expect(await platform.lookupUser?.("T1", "UMISSING")).toBeUndefined();
  });
});
