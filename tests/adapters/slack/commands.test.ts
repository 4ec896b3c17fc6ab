import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandInbound } from "../../../src/core/inbound.js";
import { COMMANDS } from "../../../src/core/inbound.js";
import { textMessage } from "../../../src/core/message.js";
import { commandBody, postSigned } from "../../support/slack-api-stub.js";
import { eventually, type Harness, RecordingCore, SIGNING_SECRET, startHarness } from "./harness.js";

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../fixtures/slack/slash-command.json"), "utf8"),
) as Record<string, string>;

let core: RecordingCore;
let h: Harness;

beforeEach(async () => {
  core = new RecordingCore();
  h = await startHarness(core);
});
afterEach(async () => {
  await h.close();
});

function command(name: string, text: string, extra: Record<string, string> = {}) {
  const id = `${name}-${Math.random().toString(36).slice(2)}`;
  return {
    id,
    body: commandBody({
      ...fixture,
      command: `/${name}`,
      text,
      trigger_id: `trig-${id}`,
      response_url: h.stub.responseUrl(id),
      ...extra,
    }),
  };
}

describe("slash commands over HTTP", () => {
  it.each(COMMANDS)("/%s is acked at once and answered ephemerally", async (name) => {
    core.answer = () => [{ audience: "ephemeral", message: textMessage(`answer to ${name}`) }];
    const { id, body } = command(name, "list");
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(1));
    const [reply] = h.stub.responses(id);
    expect(reply).toMatchObject({ response_type: "ephemeral", text: `answer to ${name}` });
    expect(core.inbounds).toEqual([
      {
        kind: "command",
        actor: {
          platform: "slack",
          workspaceId: "T0001",
          userId: "U2147483697",
          displayName: "ana",
          tz: "Europe/Lisbon",
        },
        command: name,
        text: "list",
        channelId: "C2147483705",
      },
    ]);
  });

  it("a command the code does not know is answered with a pointer to help, not silence", async () => {
    const { id, body } = command("frobnicate", "now");
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(1));
    expect(h.stub.responses(id)[0]).toMatchObject({ response_type: "ephemeral" });
    expect(String(h.stub.responses(id)[0]?.text)).toMatch(/\/frobnicate.*\/pulse help/);
    expect(core.inbounds).toEqual([]);
  });

  it("acks before the core has answered", async () => {
    let release: () => void = () => {};
    core.answer = () =>
      new Promise((resolve) => {
        release = () => resolve([{ audience: "ephemeral", message: textMessage("late") }]);
      });
    const { id, body } = command("checkin", "");
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    expect(h.stub.responses(id)).toHaveLength(0);
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    release();
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(1));
  });

  it("keeps mentions canonical and decodes Slack's entities", async () => {
    const { body } = command("stage", fixture.text ?? "");
    await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    await eventually(() => expect(core.inbounds).toHaveLength(1));
    expect((core.inbounds[0] as CommandInbound).text).toBe(
      "churn poc Offline eval done & signed off by <@U0LEAD|leo>",
    );
  });

  it("posts a stage update in the channel as well as ephemerally", async () => {
    core.answer = () => [
      { audience: "ephemeral", message: textMessage("Moved.") },
      { audience: "channel", message: textMessage("Ana moved **Churn model** to Scaling") },
    ];
    const { id, body } = command("stage", "churn scaling");
    await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(2));
    const [first, second] = h.stub.responses(id);
    expect(first).toMatchObject({ response_type: "ephemeral" });
    expect(second).toMatchObject({ response_type: "in_channel", text: "Ana moved Churn model to Scaling" });
  });

  it("a core failure is logged and the request still acked", async () => {
    core.answer = () => {
      throw new Error("boom");
    };
    const { body } = command("pulse", "digest");
    const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    await eventually(() => expect(h.logger.lines.some((l) => l.includes("slack command failed"))).toBe(true));
  });

  it("`/initiative add` alone and `/stage` alone open modals instead of reaching the core", async () => {
    await postSigned(h.eventsUrl, SIGNING_SECRET, command("initiative", "add").body);
    await postSigned(h.eventsUrl, SIGNING_SECRET, command("stage", "").body);
    await eventually(() => expect(h.stub.callsOf("views.open")).toHaveLength(2));
    const views = h.stub.callsOf("views.open").map((c) => c.body.view as { callback_id: string });
    expect(views.map((v) => v.callback_id).sort()).toEqual(["pulse.initiative_add", "pulse.stage"]);
    expect(h.stub.callsOf("views.open")[0]?.body.trigger_id).toMatch(/^trig-/);
    expect(core.inbounds).toEqual([]);
  });
});
