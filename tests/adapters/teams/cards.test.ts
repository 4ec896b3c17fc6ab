import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderCard } from "../../../adapters/teams/render.js";
import type { ActionInbound } from "../../../src/core/inbound.js";
import { type Message, textMessage } from "../../../src/core/message.js";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const PRIYA = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const PRIYA_CHAT = "a:1PriyaPersonalChatZz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg0Ff";

interface InvokeBody {
  statusCode: number;
  type: string;
  value: { type: string; body: { text?: string }[] };
}

describe("Teams card submissions", () => {
  let core: RecordingCore;
  let h: Harness;

  beforeEach(async () => {
    core = new RecordingCore();
    h = await startHarness({ core });
  });
  afterEach(async () => {
    await h.close();
  });

  it("Action.Execute (cards sent before taps became Action.Submit) → action; the invoke answers with the replacing card", async () => {
    core.answer = () => [
      {
        audience: "replace",
        message: textMessage("Recorded: **actively sponsoring**, confidence 4/5", "success"),
      },
    ];
    const res = await h.post(fixture("invoke-execute", h.stub.url));
    expect(res.status).toBe(200);
    const action = core.inbound[0] as ActionInbound;
    expect(action).toEqual({
      kind: "action",
      actor: {
        platform: "teams",
        workspaceId: TENANT,
        userId: PRIYA,
        displayName: "Priya Raman",
        tz: "America/New_York",
      },
      actionId: "checkin.submit",
      value: "checkin:42",
      // Only form 0's inputs: the other check-in of the same card is not part of this submission.
      inputs: {
        "checkin.choice": "active",
        "checkin.confidence": "4",
        "checkin.note": "Budget sign-off for the scaling phase",
      },
      messageRef: `teams:${PRIYA_CHAT}:1763890000123`,
    });
    const body = res.body as InvokeBody;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(body.value.type).toBe("AdaptiveCard");
    expect(body.value.body[0]?.text).toBe("Recorded: **actively sponsoring**, confidence 4/5");
    // The card is replaced through the invoke response: nothing else is posted.
    expect(h.stub.delivered()).toEqual([]);
  });

  it("a refusal becomes the card shown to the person who clicked, and other replies are posted", async () => {
    core.answer = () => [
      {
        audience: "ephemeral",
        message: textMessage("Only the sponsor of Churn model can answer this check-in."),
      },
      { audience: "channel", message: textMessage("FYI posted") },
    ];
    const res = await h.post(fixture("invoke-execute", h.stub.url));
    const body = res.body as InvokeBody;
    expect(body.value.body[0]?.text).toBe("Only the sponsor of Churn model can answer this check-in.");
    expect(h.stub.delivered().map((c) => c.body.summary)).toEqual(["FYI posted"]);
  });

  it("an unreadable card action gets a card saying so and reaches nothing", async () => {
    const activity = fixture("invoke-execute", h.stub.url, { value: { action: { type: "Action.Execute" } } });
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    expect((res.body as InvokeBody).value.body[0]?.text).toMatch(/could not be read/);
    expect(core.inbound).toEqual([]);
  });

  it("other invokes are acknowledged with 200 and ignored", async () => {
    const res = await h.post(
      fixture("invoke-execute", h.stub.url, { name: "composeExtension/query", value: {} }),
    );
    expect(res.status).toBe(200);
    expect(core.inbound).toEqual([]);
  });

  it("a form's Action.Submit → the action with its inputs; a replace reply updates the card in place", async () => {
    core.answer = () => [{ audience: "replace", message: textMessage("Recorded: hand over") }];
    const res = await h.post(fixture("submit-message", h.stub.url));
    expect(res.status).toBe(200);
    expect(core.inbound[0]).toMatchObject({
      kind: "action",
      actionId: "checkin.submit",
      value: "checkin:42",
      inputs: { "checkin.choice": "handover", "checkin.confidence": "2" },
    });
    const [update] = h.stub.delivered();
    expect(update).toMatchObject({ kind: "update", conversationId: PRIYA_CHAT, activityId: "1763890000123" });
    expect(update?.body.summary).toBe("Recorded: hand over");
  });

  it("a messageBack tap → the button's action, however the client delivers its value; the card is updated", async () => {
    const escalation: Message = {
      summary: "Escalation: Churn model",
      sections: [
        {
          text: "No answer for 3 weeks",
          controls: [
            { kind: "button", actionId: "escalation.ack", label: "Acknowledge", value: "churn-model" },
          ],
        },
      ],
    };
    const [set] = (renderCard(escalation).body as { actions?: { data: Record<string, unknown> }[] }[]).filter(
      (e) => e.actions,
    );
    const data = set?.actions?.[0]?.data ?? {};
    const { msteams, ...hidden } = data as { msteams: { text: string; value: string } };
    core.answer = () => [{ audience: "replace", message: textMessage("Acknowledged by Priya Raman") }];
    // The merged data, the messageBack value parsed or as sent, and the data forwarded untouched.
    const deliveries = [hidden, JSON.parse(msteams.value), msteams.value, data];
    for (const value of deliveries) {
      await h.post(fixture("submit-message", h.stub.url, { text: msteams.text, value }));
    }
    expect(core.inbound).toEqual(
      deliveries.map(() => ({
        kind: "action",
        actor: expect.objectContaining({ userId: PRIYA }),
        actionId: "escalation.ack",
        value: "churn-model",
        messageRef: `teams:${PRIYA_CHAT}:1763890000123`,
      })),
    );
    expect(h.stub.delivered().map((c) => [c.kind, c.activityId, c.body.summary])).toEqual(
      deliveries.map(() => ["update", "1763890000123", "Acknowledged by Priya Raman"]),
    );
  });

  it("a submit whose value names no action is answered so, and reaches nothing", async () => {
    await h.post(fixture("submit-message", h.stub.url, { value: { msteams: { type: "messageBack" } } }));
    await h.post(fixture("submit-message", h.stub.url, { value: "{not json" }));
    expect(core.inbound).toEqual([]);
    expect(h.stub.delivered().map((c) => c.body.summary)).toEqual([
      "That card could not be read.",
      "That card could not be read.",
    ]);
  });

  it("a core failure still answers the person, and the webhook answers 200", async () => {
    core.answer = () => {
      throw new Error("boom");
    };
    const res = await h.post(fixture("invoke-execute", h.stub.url));
    expect(res.status).toBe(200);
    expect((res.body as InvokeBody).value.body[0]?.text).toMatch(/something went wrong/);
    expect(h.logs.some((l) => l.level === "error" && l.msg === "teams: core failed")).toBe(true);
  });
});

describe("Teams card submissions in a channel", () => {
  it("a replacing answer is also applied to the shared card, for everyone", async () => {
    const core = new RecordingCore();
    core.answer = () => [{ audience: "replace", message: textMessage("Acknowledged by Dana Whitfield") }];
    const h = await startHarness({ core });
    try {
      const channel = fixture("channel-mention", h.stub.url) as Record<string, unknown>;
      const invoke = {
        ...fixture("invoke-execute", h.stub.url),
        conversation: channel.conversation,
        channelData: channel.channelData,
        value: { action: { type: "Action.Execute", verb: "escalation.ack", data: { value: "churn-model" } } },
      };
      const res = await h.post(invoke);
      expect((res.body as InvokeBody).value.body[0]?.text).toBe("Acknowledged by Dana Whitfield");
      expect(h.stub.delivered()).toMatchObject([
        { kind: "update", activityId: "1763890000123", body: { summary: "Acknowledged by Dana Whitfield" } },
      ]);
    } finally {
      await h.close();
    }
  });

  it("a reply that meets a 429 is retried after Retry-After and posted once", async () => {
    const h = await startHarness({ core: new RecordingCore() });
    try {
      h.stub.failNext(1, 429, "1");
      const res = await h.post(fixture("personal-message", h.stub.url, { text: "checkin" }));
      expect(res.status).toBe(200);
      expect(h.sleeps).toEqual([1000]);
      expect(h.stub.delivered()).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
