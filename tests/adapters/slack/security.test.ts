import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../../src/core/message.js";
import { commandBody, interactionBody, postSigned } from "../../support/slack-api-stub.js";
import {
  BOT_TOKEN,
  eventually,
  type Harness,
  RecordingCore,
  SIGNING_SECRET,
  startHarness,
} from "./harness.js";

const load = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/slack", name), "utf8")) as Record<
    string,
    unknown
  >;

let core: RecordingCore;
let h: Harness;

beforeEach(async () => {
  core = new RecordingCore();
  h = await startHarness(core);
});
afterEach(async () => {
  await h.close();
});

function stageCommand(id: string) {
  return commandBody({
    ...(load("slash-command.json") as Record<string, string>),
    text: "churn scaling",
    trigger_id: `trig-${id}`,
    response_url: h.stub.responseUrl(id),
  });
}

describe("request authenticity", () => {
  it("a forged signature gets 401 and nothing is handled", async () => {
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, stageCommand("f"), {
      secret: "not-the-secret",
    });
    expect(res.status).toBe(401);
    expect(core.inbounds).toEqual([]);
    expect(h.stub.responses()).toEqual([]);
  });

  it("a body altered after signing gets 401", async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const { slackSignature } = await import("../../support/slack-api-stub.js");
    const res = await fetch(h.eventsUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(SIGNING_SECRET, timestamp, stageCommand("a")),
      },
      body: stageCommand("a").replace("scaling", "operational"),
    });
    expect(res.status).toBe(401);
    expect(core.inbounds).toEqual([]);
  });

  it("a timestamp older than five minutes gets 401, even correctly signed", async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, stageCommand("old"), { timestamp: old });
    expect(res.status).toBe(401);
    expect(core.inbounds).toEqual([]);
  });

  it("missing signature headers get 401", async () => {
    const res = await fetch(h.eventsUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stageCommand("n"),
    });
    expect(res.status).toBe(401);
    expect(core.inbounds).toEqual([]);
  });
});

describe("retries and replays", () => {
  it("a Slack retry (X-Slack-Retry-Num) of a handled command is acked and not handled twice", async () => {
    core.answer = () => [
      { audience: "ephemeral", message: textMessage("Moved.") },
      { audience: "channel", message: textMessage("Ana moved Churn model to Scaling") },
    ];
    const body = stageCommand("r");
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 })).status).toBe(200);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { retryNum: 2 })).status).toBe(200);
    await eventually(() => expect(h.stub.responses("r")).toHaveLength(2));
    await eventually(() =>
      expect(h.logger.lines.filter((l) => l.includes("already handled"))).toHaveLength(2),
    );
    expect(core.inbounds).toHaveLength(1);
    expect(h.stub.responses("r").filter((r) => r.response_type === "in_channel")).toHaveLength(1);
  });

  it("a replayed request (same signed body, no retry header) is not handled again", async () => {
    const body = stageCommand("replay");
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, { timestamp })).status).toBe(200);
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    await eventually(() => expect(h.stub.responses("replay")).toHaveLength(1));
    await eventually(() =>
      expect(h.logger.lines.filter((l) => l.includes("already handled"))).toHaveLength(1),
    );
    expect(core.inbounds).toHaveLength(1);
  });

  it("a retried click is not handled twice", async () => {
    const payload = { ...load("block-actions.json"), response_url: h.stub.responseUrl("click") };
    const body = interactionBody(payload);
    await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { retryNum: 1 });
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    await eventually(() => expect(h.stub.responses("click")).toHaveLength(1));
    expect(core.inbounds).toHaveLength(1);
  });

  it("a retried app_home_opened event publishes once", async () => {
    const body = JSON.stringify(load("app-home-opened.json"));
    const opts = { contentType: "application/json" };
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, opts);
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { ...opts, retryNum: 1 });
    await eventually(() => expect(h.stub.callsOf("views.publish")).toHaveLength(1));
    expect(core.homes).toHaveLength(1);
  });
});

describe("bad payloads", () => {
  it.each([
    ["unknown payload type", interactionBody({ type: "something_new", user: { id: "U1" } }), undefined],
    ["block_actions without user", interactionBody({ type: "block_actions", actions: [] }), undefined],
    [
      "block_actions with junk actions",
      interactionBody({ ...load("block-actions.json"), actions: [{ x: 1 }] }),
      undefined,
    ],
    [
      "view_submission of an unknown view",
      interactionBody({ ...load("view-submission.json"), view: { callback_id: "x" } }),
      undefined,
    ],
    ["an empty JSON object", "{}", "application/json"],
    [
      "an event without an event",
      JSON.stringify({ type: "event_callback", team_id: "T1" }),
      "application/json",
    ],
  ])("%s is acked and logged, the process stays up", async (_name, body, contentType) => {
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body, contentType ? { contentType } : {});
    expect(res.status).toBe(200);
    expect(core.inbounds).toEqual([]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it("malformed JSON is refused with 400, not a crash", async () => {
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, "payload=%7Bnot-json", {});
    expect(res.status).toBe(400);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it("a body over 1 MB is refused with 413 before it is handled", async () => {
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, `text=${"a".repeat(1024 * 1024 + 10)}`);
    expect(res.status).toBe(413);
    expect(core.inbounds).toEqual([]);
  });

  it("Slack's url_verification handshake is answered", async () => {
    const body = JSON.stringify({
      type: "url_verification",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      token: "x",
    });
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body, { contentType: "application/json" });
    expect(JSON.parse(res.text)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("no secret reaches the logs", async () => {
    await postSigned(h.eventsUrl, SIGNING_SECRET, stageCommand("s"), { secret: "wrong" });
    await postSigned(h.eventsUrl, SIGNING_SECRET, stageCommand("s2"));
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    const all = h.logger.lines.join("\n");
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });
});
