import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActionInbound } from "../../../src/core/inbound.js";
import { type Message, textMessage } from "../../../src/core/message.js";
import { interactionBody, postSigned, type StubMessage } from "../../support/slack-api-stub.js";
import { eventually, type Harness, RecordingCore, SIGNING_SECRET, startHarness } from "./harness.js";

const load = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/slack", name), "utf8")) as Record<
    string,
    unknown
  >;
const checkin = load("checkin-message.json") as unknown as Message;

let core: RecordingCore;
let h: Harness;

beforeEach(async () => {
  core = new RecordingCore();
  h = await startHarness(core);
});
afterEach(async () => {
  await h.close();
});

async function postedCheckin(): Promise<StubMessage> {
  await h.adapter.platform.send("T0001", { kind: "user", id: "U0SPONSOR" }, checkin, { dedupeKey: "ci-1" });
  const message = h.stub.messages[0];
  if (!message) throw new Error("not posted");
  return message;
}

function elementsOf(blocks: unknown[]): { action_id: string; value?: string; type: string }[] {
  return (blocks as { type: string; elements?: { action_id: string; value?: string; type: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);
}

function click(message: { channel: string; ts: string }, action: Record<string, unknown>, trigger: string) {
  const base = load("block-actions.json");
  return interactionBody({
    ...base,
    trigger_id: trigger,
    container: { type: "message", channel_id: message.channel, message_ts: message.ts },
    response_url: h.stub.responseUrl(trigger),
    actions: [{ block_id: "pulse-controls-0", action_ts: `${Date.now() / 1000}`, ...action }],
  });
}

describe("block_actions", () => {
  it("a button click reaches the core as its action, and a replace reply updates the clicked message", async () => {
    const message = await postedCheckin();
    core.answer = () => [{ audience: "replace", message: textMessage("Recorded: actively sponsoring") }];
    const button = elementsOf(message.blocks)[0];
    const res = await postSigned(
      h.eventsUrl,
      SIGNING_SECRET,
      click(message, { type: "button", action_id: button?.action_id, value: button?.value }, "t1"),
    );
    expect(res.status).toBe(200);
    await eventually(() => expect(h.stub.messages[0]?.updates).toBe(1));
    expect(core.inbounds[0]).toEqual({
      kind: "action",
      actor: {
        platform: "slack",
        workspaceId: "T0001",
        userId: "U0SPONSOR",
        displayName: "maria",
        tz: "America/New_York",
      },
      actionId: "checkin.sponsorship",
      value: "ci-1:active",
      messageRef: `slack:${message.channel}:${message.ts}`,
    });
    expect(h.stub.messages[0]?.text).toBe("Recorded: actively sponsoring");
    expect(elementsOf(h.stub.messages[0]?.blocks ?? [])).toEqual([]);
  });

  it("a select choice sends the chosen option's value", async () => {
    const message = await postedCheckin();
    const select = elementsOf(message.blocks).find((e) => e.type === "static_select");
    await postSigned(
      h.eventsUrl,
      SIGNING_SECRET,
      click(
        message,
        { type: "static_select", action_id: select?.action_id, selected_option: { value: "ci-1:4" } },
        "t2",
      ),
    );
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    expect(core.inbounds[0]).toMatchObject({ actionId: "checkin.confidence", value: "ci-1:4" });
  });

  it("an ephemeral reply to a click goes to the response_url, not over the message", async () => {
    const message = await postedCheckin();
    core.answer = () => [{ audience: "ephemeral", message: textMessage("Only the sponsor can answer.") }];
    const button = elementsOf(message.blocks)[0];
    await postSigned(
      h.eventsUrl,
      SIGNING_SECRET,
      click(message, { type: "button", action_id: button?.action_id, value: button?.value }, "t3"),
    );
    await eventually(() => expect(h.stub.responses("t3")).toHaveLength(1));
    expect(h.stub.responses("t3")[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(h.stub.messages[0]?.updates).toBe(0);
  });

  it("a replace reply to a click on an ephemeral message replaces it through the response_url", async () => {
    core.answer = () => [{ audience: "replace", message: textMessage("Recorded: limited time") }];
    const payload = {
      ...load("block-actions.json"),
      trigger_id: "t-eph",
      response_url: h.stub.responseUrl("eph"),
      container: {
        type: "message",
        message_ts: "1700000009.000100",
        channel_id: "C0PORT",
        is_ephemeral: true,
      },
    };
    await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(payload));
    await eventually(() => expect(h.stub.responses("eph")).toHaveLength(1));
    expect(h.stub.responses("eph")[0]).toMatchObject({
      replace_original: true,
      text: "Recorded: limited time",
    });
    expect(h.stub.callsOf("chat.update")).toHaveLength(0);
    expect(core.inbounds[0]).toHaveProperty("messageRef", "slack:C0PORT:1700000009.000100");
  });

  it("'Add a note' opens a modal whose submission is the action with its input", async () => {
    const message = await postedCheckin();
    const note = elementsOf(message.blocks).find((e) => e.action_id.startsWith("pulse.slack.note"));
    await postSigned(
      h.eventsUrl,
      SIGNING_SECRET,
      click(message, { type: "button", action_id: note?.action_id, value: note?.value }, "t4"),
    );
    await eventually(() => expect(h.stub.callsOf("views.open")).toHaveLength(1));
    expect(core.inbounds).toEqual([]);
    const view = h.stub.callsOf("views.open")[0]?.body.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(view.callback_id).toBe("pulse.note");

    core.answer = () => [{ audience: "replace", message: textMessage("Noted: budget for labelling") }];
    const submission = {
      ...load("view-submission.json"),
      user: { id: "U0SPONSOR", username: "maria", name: "maria", team_id: "T0001" },
      trigger_id: "t5",
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { note: { v: { type: "plain_text_input", value: "Budget for labelling" } } } },
      },
    };
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(submission));
    expect(res.status).toBe(200);
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    expect(core.inbounds[0]).toEqual({
      kind: "action",
      actor: {
        platform: "slack",
        workspaceId: "T0001",
        userId: "U0SPONSOR",
        displayName: "maria",
        tz: "America/New_York",
      },
      actionId: "checkin.need",
      value: "ci-1",
      inputs: { "checkin.need": "Budget for labelling" },
      messageRef: `slack:${message.channel}:${message.ts}`,
    } satisfies ActionInbound);
    await eventually(() => expect(h.stub.messages[0]?.text).toBe("Noted: budget for labelling"));
  });
});

describe("modal submissions", () => {
  it("the add-initiative modal becomes the command a person would type", async () => {
    const submission = {
      ...load("view-submission.json"),
      view: {
        ...(load("view-submission.json").view as object),
        private_metadata: JSON.stringify({ responseUrl: h.stub.responseUrl("add"), channelId: "C0PORT" }),
      },
    };
    core.answer = () => [{ audience: "ephemeral", message: textMessage("Added Churn model") }];
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(submission));
    expect(res.status).toBe(200);
    await eventually(() => expect(h.stub.responses("add")).toHaveLength(1));
    expect(core.inbounds[0]).toEqual({
      kind: "command",
      actor: {
        platform: "slack",
        workspaceId: "T0001",
        userId: "U0PMO",
        displayName: "pat",
        tz: "Europe/London",
      },
      command: "initiative",
      text: "add Churn model --sponsor <@U0SPONSOR> --lead <@U0LEAD> --stage poc --channel <#C0PMO>",
      parts: {
        words: ["add", "Churn model"],
        flags: { sponsor: "<@U0SPONSOR>", lead: "<@U0LEAD>", stage: "poc", channel: "<#C0PMO>" },
      },
      channelId: "C0PORT",
    });
  });

  it("the stage modal becomes `/stage <initiative> <stage> <note>`", async () => {
    const submission = {
      ...load("view-submission.json"),
      trigger_id: "stage-1",
      view: {
        id: "V2",
        callback_id: "pulse.stage",
        private_metadata: JSON.stringify({ responseUrl: h.stub.responseUrl("stage"), channelId: "C0PORT" }),
        state: {
          values: {
            initiative: { v: { type: "plain_text_input", value: "churn" } },
            stage: { v: { type: "static_select", selected_option: { value: "scaling" } } },
            note: { v: { type: "plain_text_input", value: "Go-live approved\nby the board" } },
          },
        },
      },
    };
    core.answer = () => [
      { audience: "ephemeral", message: textMessage("Moved.") },
      { audience: "channel", message: textMessage("Pat moved Churn model to Scaling") },
    ];
    await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(submission));
    await eventually(() => expect(h.stub.responses("stage")).toHaveLength(2));
    expect(core.inbounds[0]).toMatchObject({
      command: "stage",
      text: "churn scaling Go-live approved by the board",
      parts: { words: ["churn", "scaling", "Go-live approved by the board"], flags: {} },
      channelId: "C0PORT",
    });
    expect(h.stub.responses("stage")[1]).toMatchObject({ response_type: "in_channel" });
  });

  it("a submission missing required values keeps the modal open with an error", async () => {
    const submission = {
      ...load("view-submission.json"),
      trigger_id: "bad-1",
      view: { id: "V3", callback_id: "pulse.initiative_add", private_metadata: "", state: { values: {} } },
    };
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(submission));
    expect(JSON.parse(res.text)).toMatchObject({ response_action: "errors" });
    expect(core.inbounds).toEqual([]);
  });
});

describe("App Home", () => {
  it("app_home_opened publishes the core's home for the viewer", async () => {
    core.homeMessage = {
      title: "Your initiatives",
      summary: "2 initiatives",
      sections: [{ lines: ["**Churn model** · POC · 34 days · engaged"] }],
    };
    const body = JSON.stringify(load("app-home-opened.json"));
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body, { contentType: "application/json" });
    expect(res.status).toBe(200);
    await eventually(() => expect(h.stub.callsOf("views.publish")).toHaveLength(1));
    expect(core.homes).toEqual([
      {
        platform: "slack",
        workspaceId: "T0001",
        userId: "U0SPONSOR",
        displayName: "maria",
        tz: "America/New_York",
      },
    ]);
    const publish = h.stub.callsOf("views.publish")[0]?.body as {
      user_id: string;
      view: { type: string; blocks: unknown[] };
    };
    expect(publish.user_id).toBe("U0SPONSOR");
    expect(publish.view.type).toBe("home");
    expect(JSON.stringify(publish.view.blocks)).toContain("*Churn model* · POC · 34 days · engaged");
  });

  it("the Messages tab does not publish anything", async () => {
    const event = load("app-home-opened.json");
    const body = JSON.stringify({
      ...event,
      event_id: "Ev2",
      event: { ...(event.event as object), tab: "messages" },
    });
    await postSigned(h.eventsUrl, SIGNING_SECRET, body, { contentType: "application/json" });
    // Then a Home tab opening: once it is published, the earlier event has long been handled.
    await postSigned(h.eventsUrl, SIGNING_SECRET, JSON.stringify(event), { contentType: "application/json" });
    await eventually(() => expect(h.stub.callsOf("views.publish")).toHaveLength(1));
    expect(core.homes).toHaveLength(1);
  });
});
