import { describe, expect, it } from "vitest";
import {
  actionFromCardData,
  actorOf,
  canonicalText,
  commandFromMessage,
  TeamsActivitySchema,
} from "../../../adapters/teams/inbound.js";
import type { Actor } from "../../../src/core/inbound.js";

const BOT = "28:bot";
const base = {
  type: "message",
  channelId: "msteams",
  from: { id: "29:dana", name: "Dana", aadObjectId: "aad-dana" },
  recipient: { id: BOT, name: "Sponsor Pulse" },
  conversation: { id: "a:chat", conversationType: "personal", tenantId: "tenant-1" },
};
const activity = (patch: Record<string, unknown>) => TeamsActivitySchema.parse({ ...base, ...patch });
const mention = (id: string, name: string, text = `<at>${name}</at>`, aadObjectId?: string) => ({
  type: "mention",
  text,
  mentioned: { id, name, ...(aadObjectId ? { aadObjectId } : {}) },
});
const noResolve = async () => undefined;
const actor: Actor = { platform: "teams", workspaceId: "tenant-1", userId: "aad-dana" };

describe("Teams inbound parsing", () => {
  it("the actor is the AAD object id in the tenant, with the client's time zone", () => {
    const a = activity({ entities: [{ type: "clientInfo", timezone: "Asia/Tokyo" }] });
    expect(actorOf(a)).toEqual({
      platform: "teams",
      workspaceId: "tenant-1",
      userId: "aad-dana",
      displayName: "Dana",
      tz: "Asia/Tokyo",
    });
    const noAad = activity({ from: { id: "29:x" }, channelData: { tenant: { id: "tenant-2" } } });
    expect(actorOf(noAad)).toEqual({ platform: "teams", workspaceId: "tenant-2", userId: "29:x" });
    expect(actorOf(activity({ conversation: { id: "a:1" } }))).toBeUndefined();
    expect(actorOf(activity({ channelId: "emulator", conversation: { id: "c1" } }))?.workspaceId).toBe(
      "emulator",
    );
  });

  it("decodes HTML entities and tags, strips the bot mention wherever it is", async () => {
    const a = activity({
      text: "<p>stage churn <at>Sponsor Pulse</at> poc &quot;Pilot&quot; &amp; more</p>",
      entities: [mention(BOT, "Sponsor Pulse")],
    });
    expect(await canonicalText(a, noResolve)).toBe('stage churn poc "Pilot" & more');
  });

  it("resolves mentions without an AAD id through the resolver, and falls back to the member id", async () => {
    const a = activity({
      text: "initiative add X --sponsor <at>Priya</at> --lead <at>Sam</at>",
      entities: [mention("29:priya", "Priya"), mention("29:sam", "Sam")],
    });
    const resolve = async (id: string) => (id === "29:priya" ? "aad-priya" : undefined);
    expect(await canonicalText(a, resolve)).toBe(
      "initiative add X --sponsor <@aad-priya|Priya> --lead <@29:sam|Sam>",
    );
  });

  it("channel mentions become canonical channel references; names lose characters that break the form", async () => {
    const a = activity({
      text: "pulse channel <at>AI PMO</at> for <at>Jo|e</at>",
      entities: [
        mention("19:pmo@thread.tacv2", "AI PMO"),
        mention("29:joe", "Jo|e", "<at>Jo|e</at>", "aad-joe"),
      ],
    });
    expect(await canonicalText(a, noResolve)).toBe(
      "pulse channel <#19:pmo@thread.tacv2|AI PMO> for <@aad-joe|Joe>",
    );
  });

  it("a name split over two mentions is one person", async () => {
    const a = activity({
      text: "stage x --sponsor <at>Priya</at> <at>Raman</at>",
      entities: [
        mention("29:p", "Priya", "<at>Priya</at>", "aad-p"),
        mention("29:p", "Raman", "<at>Raman</at>", "aad-p"),
      ],
    });
    expect(await canonicalText(a, noResolve)).toBe("stage x --sponsor <@aad-p|Priya Raman>");
  });

  it("the leading slash is optional, the command word case-insensitive, channel ids drop the thread", async () => {
    const inChannel = activity({
      text: "/Stage churn ops",
      conversation: {
        id: "19:c@thread.tacv2;messageid=123",
        conversationType: "channel",
        tenantId: "tenant-1",
      },
    });
    expect(await commandFromMessage(inChannel, actor, noResolve)).toEqual({
      kind: "command",
      actor,
      command: "stage",
      text: "churn ops",
      channelId: "19:c@thread.tacv2",
    });
    const empty = await commandFromMessage(activity({ text: "<at>Sponsor Pulse</at>" }), actor, noResolve);
    expect(empty).toMatchObject({ command: "pulse", text: "help" });
  });

  it("card data: only the submitted form's inputs count; empty inputs are left out; selects pick", () => {
    const data = {
      value: "checkin:1",
      form: 1,
      "i1_checkin.choice": "active",
      "i1_checkin.note": "",
      i0_x: "y",
    };
    expect(actionFromCardData("checkin.submit", data, actor, undefined)).toEqual({
      kind: "action",
      actor,
      actionId: "checkin.submit",
      value: "checkin:1",
      inputs: { "checkin.choice": "active" },
    });
    const pick = { value: "", form: 2, pick: "digest.range", "i2_digest.range": "4w" };
    expect(actionFromCardData("digest.range", pick, actor, "teams:c:1")).toEqual({
      kind: "action",
      actor,
      actionId: "digest.range",
      value: "4w",
      messageRef: "teams:c:1",
    });
    expect(actionFromCardData("", data, actor, undefined)).toBeUndefined();
    expect(actionFromCardData("x", ["not", "an", "object"], actor, undefined)).toBeUndefined();
  });
});
