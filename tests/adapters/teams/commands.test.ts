import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandInbound } from "../../../src/core/inbound.js";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const PRIYA = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const CHANNEL = "19:4b6d8f0a2c4e4f6a8b0c2d4e6f8a0b2c@thread.tacv2";

describe("Teams commands over /api/messages", () => {
  let core: RecordingCore;
  let h: Harness;

  beforeEach(async () => {
    core = new RecordingCore();
    h = await startHarness({ core });
  });
  afterEach(async () => {
    await h.close();
  });

  const typed = (text: string) => fixture("personal-message", h.stub.url, { text });

  it.each([
    ["stage churn poc Pilot approved", "stage", "churn poc Pilot approved"],
    ["initiative list", "initiative", "list"],
    ["/checkin", "checkin", ""],
    ["pulse digest", "pulse", "digest"],
    ["Ask churn Need budget --by 2026-12-01", "ask", "churn Need budget --by 2026-12-01"],
  ])("%s → %s command", async (text, command, rest) => {
    const res = await h.post(typed(text));
    expect(res.status).toBe(200);
    expect(core.inbound).toEqual([
      {
        kind: "command",
        command,
        text: rest,
        actor: {
          platform: "teams",
          workspaceId: TENANT,
          userId: DANA,
          displayName: "Dana Whitfield",
          tz: "Europe/London",
        },
      },
    ]);
    const [reply] = h.stub.delivered();
    expect(reply?.kind).toBe("reply");
    expect(reply?.conversationId).toMatch(/^a:1pQ2/);
    expect(reply?.body.summary).toBe(`ok ${command}`);
    const [attachment] = reply!.body.attachments as { contentType: string; content: { version: string } }[];
    expect(attachment?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment?.content.version).toBe("1.5");
  });

  it("anything else is answered with pulse help", async () => {
    await h.post(typed("hello there"));
    expect(core.inbound[0]).toMatchObject({ kind: "command", command: "pulse", text: "help" });
  });

  it("strips the bot's @mention in a channel and makes other mentions canonical", async () => {
    h.stub.members.set("29:1Pr1yaRamanMemberIdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789", {
      id: "29:1Pr1yaRamanMemberIdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      name: "Priya Raman",
      aadObjectId: PRIYA,
    });
    const res = await h.post(fixture("channel-mention", h.stub.url));
    expect(res.status).toBe(200);
    const command = core.inbound[0] as CommandInbound;
    expect(command.command).toBe("initiative");
    expect(command.text).toBe(
      `add Churn model --sponsor <@${PRIYA}|Priya Raman> --lead <@${DANA}|Dana Whitfield>`,
    );
    expect(command.channelId).toBe(CHANNEL);
    // The reply goes to the channel conversation the command was typed in.
    expect(h.stub.delivered()[0]?.conversationId).toBe(`${CHANNEL};messageid=1763889611506`);
  });

  it("stores a conversation reference for the person and the channel it meets", async () => {
    await h.post(typed("checkin"));
    const personal = await h.refs.get(TENANT, { kind: "user", id: DANA });
    expect(personal).toMatchObject({
      serviceUrl: h.stub.url,
      channelId: "msteams",
      conversation: { conversationType: "personal" },
      user: { aadObjectId: DANA },
    });
    expect(personal).not.toHaveProperty("activityId");

    await h.post(fixture("conversation-update", h.stub.url));
    const channel = await h.refs.get(TENANT, {
      kind: "channel",
      id: "19:0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d@thread.tacv2",
    });
    expect(channel).toMatchObject({
      conversation: { id: "19:0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d@thread.tacv2" },
    });
    // A member met in a team gets a placeholder (the 1:1 chat is opened on first send)...
    expect(await h.refs.get(TENANT, { kind: "user", id: PRIYA })).toMatchObject({
      conversation: { conversationType: "channel" },
      user: { aadObjectId: PRIYA },
    });
    // ...while the personal reference of someone already met privately is kept.
    expect(await h.refs.get(TENANT, { kind: "user", id: DANA })).toMatchObject({
      conversation: { conversationType: "personal" },
    });

    await h.post(fixture("installation-update", h.stub.url));
    expect(await h.refs.get(TENANT, { kind: "user", id: PRIYA })).toMatchObject({
      conversation: { conversationType: "personal" },
    });
    expect(core.inbound).toHaveLength(1);
  });

  it("a re-delivered message (same id, the channel's retry) is handled once", async () => {
    const activity = typed("stage churn poc");
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    expect(core.inbound).toHaveLength(1);
    expect(h.stub.delivered()).toHaveLength(1);
  });

  it("acknowledges and ignores unknown activity types", async () => {
    const res = await h.post({ ...typed(""), type: "messageReaction", reactionsAdded: [{ type: "like" }] });
    expect(res.status).toBe(200);
    const typing = await h.post({ ...typed(""), type: "typing" });
    expect(typing.status).toBe(200);
    expect(core.inbound).toEqual([]);
    expect(h.stub.delivered()).toEqual([]);
  });
});
