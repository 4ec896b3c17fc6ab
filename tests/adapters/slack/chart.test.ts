import { inflateSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderMessage } from "../../../adapters/slack/render.js";
import { createSlackPlatform } from "../../../adapters/slack/send.js";
import { ManualClock } from "../../../src/core/clock.js";
import type { ChatPlatform } from "../../../src/core/platform.js";
import { type SlackApiStub, startSlackApiStub } from "../../support/slack-api-stub.js";
import { CHART, CHART_DIGEST } from "../chart-message.js";
import { BOT_TOKEN, recordingLogger } from "./harness.js";

const chart = CHART;
const digest = CHART_DIGEST;

let stub: SlackApiStub;
let platform: ChatPlatform;
const logger = recordingLogger();

beforeEach(async () => {
  stub = await startSlackApiStub();
  platform = createSlackPlatform({
    botToken: BOT_TOKEN,
    apiUrl: stub.apiUrl,
    logger,
    clock: new ManualClock("2026-11-30T08:00:00Z"),
    retry: { attempts: 4, minDelayMs: 1, maxDelayMs: 5 },
    installKind: "internal",
  });
});
afterEach(async () => {
  await stub.close();
});

describe("a chart on Slack", () => {
  it("the message says what the chart shows, in its blocks and its fallback text", () => {
    const { text, blocks } = renderMessage(digest);
    expect(text).toContain(chart.summary);
    expect(JSON.stringify(blocks)).toContain(`:bar_chart: ${chart.summary}`);
    expect(blocks.some((b) => b.type === "image")).toBe(false);
  });

  it("is uploaded the external way and shared once in the digest's thread, with its summary", async () => {
    await platform.send("T1", { kind: "channel", id: "C0PMO" }, digest, { dedupeKey: "digest-1" });
    expect(stub.messages).toHaveLength(1);
    const [asked] = stub.callsOf("files.getUploadURLExternal");
    expect(asked?.body).toMatchObject({ filename: "engagement-chart.png", alt_txt: chart.summary });
    const [file] = stub.sharedFiles();
    expect(file?.shares).toEqual([
      {
        channel: "C0PMO",
        threadTs: stub.messages[0]?.ts,
        initialComment: chart.summary,
        title: chart.title,
      },
    ]);
    // What arrived is the PNG it announced: signature, IHDR size, inflatable pixels.
    const png = file?.bytes ?? Buffer.alloc(0);
    expect(png.length).toBe(Number(asked?.body.length));
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 300]);
    expect(png.length).toBeLessThan(8_000);
    const idat = png.indexOf("IDAT");
    expect(inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length).toBe(641 * 300);
    // The upload URL gets bytes only; the token stays in the Web API's Authorization header.
    expect(stub.callsOf("upload")[0]?.body.authorization).toBe("");
    expect(JSON.stringify(stub.calls)).not.toContain(BOT_TOKEN);
  });

  it("waits out a 429 on each step and still shares exactly once", async () => {
    stub.failNext("files.getUploadURLExternal", 1, { status: 429, retryAfter: 0 });
    stub.failNext("upload", 1, { status: 429, retryAfter: 0 });
    stub.failNext("files.completeUploadExternal", 1, { status: 429, retryAfter: 0 });
    await platform.send("T1", { kind: "channel", id: "C0PMO" }, digest, { dedupeKey: "digest-2" });
    expect(stub.callsOf("files.completeUploadExternal")).toHaveLength(2);
    expect(stub.sharedFiles()).toHaveLength(1);
    expect(stub.sharedFiles()[0]?.shares).toHaveLength(1);
  });

  it("a completion whose answer was lost is not sent again (sharing twice is worse than not at all)", async () => {
    stub.failNext("files.completeUploadExternal", 1, { lostAnswer: true });
    await platform.send("T1", { kind: "channel", id: "C0PMO" }, digest, { dedupeKey: "digest-3" });
    expect(stub.callsOf("files.completeUploadExternal")).toHaveLength(1);
    expect(stub.sharedFiles()[0]?.shares).toHaveLength(1);
  });

  it("a repeated send of the same digest does not share its chart twice", async () => {
    const target = { kind: "channel" as const, id: "C0PMO" };
    await platform.send("T1", target, digest, { dedupeKey: "digest-4" });
    await platform.send("T1", target, digest, { dedupeKey: "digest-4" });
    expect(stub.sharedFiles()).toHaveLength(1);
  });

  it("when the upload keeps failing, the digest is still delivered once, with the summary, and no secret is logged", async () => {
    stub.failNext("upload", 10, { status: 500 });
    const ref = await platform.send("T1", { kind: "channel", id: "C0PMO" }, digest, { dedupeKey: "d-5" });
    expect(ref).toMatch(/^slack:C0PMO:/);
    expect(stub.messages).toHaveLength(1);
    expect(stub.messages[0]?.text).toContain(chart.summary);
    expect(stub.sharedFiles()).toHaveLength(0);
    expect(stub.callsOf("files.completeUploadExternal")).toHaveLength(0);
    const logged = logger.lines.join("\n");
    expect(logged).toContain("slack chart not shared");
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain("/upload/");
  });

  it("a message without a chart uploads nothing", async () => {
    await platform.send(
      "T1",
      { kind: "channel", id: "C0PMO" },
      { ...digest, sections: [{ text: "hi" }] },
      {
        dedupeKey: "d-6",
      },
    );
    expect(stub.callsOf("files.getUploadURLExternal")).toHaveLength(0);
  });
});
