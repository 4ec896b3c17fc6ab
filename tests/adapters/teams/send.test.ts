import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { textMessage } from "../../../src/core/message.js";
import { DeliveryError } from "../../../src/core/platform.js";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const PRIYA = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const DANA_CHAT = "a:1pQ2rS3tU4vW5xY6zA7bC8dE9fG0hI1jK2lM3nO4pQ5rS6tU7vW8xY9zA0bC1dE2fG3hI4jK5lM6nO7pQ8rS9t";
const CHANNEL = "19:4b6d8f0a2c4e4f6a8b0c2d4e6f8a0b2c@thread.tacv2";

const checkin = textMessage("Are you still actively sponsoring Churn model?");
const send = (h: Harness, id = DANA) =>
  h.teams.platform.send(TENANT, { kind: "user", id }, checkin, { dedupeKey: `checkin:${id}` });

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("Teams proactive delivery", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ core: new RecordingCore() });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Dana talks to the bot once in a personal chat: that is what makes her reachable. */
  async function meetDana() {
    await h.post(fixture("personal-message", h.stub.url, { text: "checkin" }));
    h.stub.calls.length = 0;
  }

  it("someone the bot has never met is unreachable: DeliveryError, nothing sent", async () => {
    const error = await rejection(send(h));
    expect(error.failure).toBe("unreachable");
    expect(error.message).toMatch(/has not installed the bot/);
    expect(h.stub.calls).toEqual([]);
  });

  it("sends a card to a person's personal chat through the stored reference", async () => {
    await meetDana();
    const ref = await send(h);
    const [call] = h.stub.calls;
    expect(call).toMatchObject({ kind: "send", method: "POST", conversationId: DANA_CHAT, status: 200 });
    expect(ref).toBe(`teams:${DANA_CHAT}:${call?.activityId}`);
    expect(call?.body.summary).toBe("Are you still actively sponsoring Churn model?");
    expect(call?.body).not.toHaveProperty("replyToId");
  });

  it("posts to a channel met through an @mention, as a new thread", async () => {
    await h.post(fixture("channel-mention", h.stub.url));
    h.stub.calls.length = 0;
    await h.teams.platform.send(TENANT, { kind: "channel", id: CHANNEL }, checkin, { dedupeKey: "digest:1" });
    expect(h.stub.calls).toMatchObject([{ kind: "send", conversationId: CHANNEL, status: 200 }]);
  });

  it("a channel of a known team is addressed without having spoken there; an unknown one is unreachable", async () => {
    await h.post(fixture("channel-mention", h.stub.url));
    h.stub.calls.length = 0;
    const other = "19:99aa88bb77cc66dd55ee44ff33aa22bb@thread.tacv2";
    await h.teams.platform.send(TENANT, { kind: "channel", id: other }, checkin, { dedupeKey: "digest:2" });
    expect(h.stub.calls).toMatchObject([{ kind: "send", conversationId: other, status: 200 }]);
    h.stub.failNext(1, 403);
    const error = await rejection(
      h.teams.platform.send(TENANT, { kind: "channel", id: "19:not-ours@thread.tacv2" }, checkin, {
        dedupeKey: "d:3",
      }),
    );
    expect(error.failure).toBe("unreachable");
  });

  it("429 with Retry-After is waited out, then the message is sent exactly once", async () => {
    await meetDana();
    h.stub.failNext(1, 429, "2");
    await send(h);
    expect(h.sleeps).toEqual([2000]);
    expect(h.stub.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(h.logs).toContainEqual({
      level: "warn",
      msg: "teams: connector busy, retrying",
      context: { what: "send", cause: "429", waitMs: 2000 },
    });
    expect(h.stub.delivered()).toHaveLength(1);
  });

  it("5xx is retried with back-off; after the last attempt it is a retryable DeliveryError", async () => {
    await meetDana();
    h.stub.failNext(2, 503);
    await send(h);
    expect(h.sleeps).toEqual([5, 10]);
    expect(h.stub.delivered()).toHaveLength(1);

    h.stub.failNext(4, 500);
    const error = await rejection(send(h));
    expect(error.failure).toBe("retry");
    expect(h.stub.delivered()).toHaveLength(1);
  });

  it("a Retry-After longer than the wait limit goes back to the caller with the wait", async () => {
    await meetDana();
    h.stub.failNext(1, 429, "120");
    const error = await rejection(send(h));
    expect(error).toMatchObject({ failure: "retry", retryAfterMs: 120_000 });
    expect(h.stub.calls).toHaveLength(1);
  });

  it("403 (bot removed) is unreachable and 400 is permanent, neither retried", async () => {
    await meetDana();
    h.stub.failNext(1, 403);
    expect((await rejection(send(h))).failure).toBe("unreachable");
    h.stub.failNext(1, 400);
    expect((await rejection(send(h))).failure).toBe("permanent");
    expect(h.stub.calls).toHaveLength(2);
  });

  it("updates a sent message from its ref alone", async () => {
    await meetDana();
    const ref = await send(h);
    h.stub.failNext(1, 429, "1");
    await h.teams.platform.update(TENANT, ref, textMessage("Answered: actively sponsoring"));
    const update = h.stub.delivered().find((c) => c.kind === "update");
    expect(update).toMatchObject({
      method: "PUT",
      conversationId: DANA_CHAT,
      activityId: ref.split(":").pop(),
    });
    expect(update?.body.summary).toBe("Answered: actively sponsoring");
  });

  it("a person met only in a team gets a 1:1 chat opened, then the message", async () => {
    await h.post(fixture("conversation-update", h.stub.url));
    h.stub.calls.length = 0;
    const ref = await send(h, PRIYA);
    const [create, sent] = h.stub.calls;
    expect(create).toMatchObject({ kind: "create", status: 201 });
    expect(create?.body).toMatchObject({
      isGroup: false,
      members: [{ id: "29:1Pr1yaRamanMemberIdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789" }],
      tenantId: TENANT,
    });
    expect(sent).toMatchObject({ kind: "send", conversationId: create?.conversationId });
    expect(ref.startsWith(`teams:${create?.conversationId}:`)).toBe(true);
    // The new personal chat is remembered: the next message needs no creation.
    await send(h, PRIYA);
    expect(h.stub.calls.filter((c) => c.kind === "create")).toHaveLength(1);
  });

  it("looks up a person's name from the stored reference", async () => {
    await meetDana();
    expect(await h.teams.platform.lookupUser?.(TENANT, DANA)).toEqual({
      displayName: "Dana Whitfield",
      isBot: false,
    });
    expect(await h.teams.platform.lookupUser?.(TENANT, "nobody")).toBeUndefined();
  });

  it("a connector that does not answer in time is a retryable DeliveryError, not a stalled tick", async () => {
    await h.close();
    h = await startHarness({ core: new RecordingCore(), requestTimeoutMs: 150 });
    await meetDana();
    h.stub.delayNext(1, 1_000);
    const error = await rejection(send(h));
    expect(error.failure).toBe("retry");
    expect(error.message).toMatch(/ETIMEDOUT/);
    // Not re-sent in-process: the slow call may have arrived; the outbox decides.
    await vi.waitFor(() => expect(h.stub.calls.length).toBeGreaterThan(0), { timeout: 5_000 });
    expect(h.stub.calls).toHaveLength(1);
  });
});
