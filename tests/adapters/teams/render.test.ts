import { describe, expect, it } from "vitest";
import { decodeMessageRef, encodeMessageRef } from "../../../adapters/teams/message-ref.js";
import { renderActivity, renderCard } from "../../../adapters/teams/render.js";
import type { Message } from "../../../src/core/message.js";

/** A sponsor's weekly check-in covering two initiatives (two forms in one card). */
const checkin: Message = {
  title: "Weekly sponsor check-in",
  summary: "Check-in: Churn model, Invoice OCR",
  tone: "info",
  sections: ["Churn model", "Invoice OCR"].map((name, i) => ({
    heading: name,
    text: `Are you still actively sponsoring **${name}**? Lead: <@lead-${i}|Dana Whitfield>`,
    fields: [{ label: "Stage", value: "Proof of concept" }],
    controls: [
      { kind: "button", actionId: "checkin.choice", label: "Actively", value: "active", style: "primary" },
      { kind: "button", actionId: "checkin.choice", label: "Limited time", value: "limited" },
      { kind: "button", actionId: "checkin.choice", label: "Hand over", value: "handover", style: "danger" },
      {
        kind: "select",
        actionId: "checkin.confidence",
        placeholder: "Confidence 1–5",
        options: [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: String(n) })),
      },
      {
        kind: "text",
        actionId: "checkin.note",
        label: "What do you need?",
        multiline: true,
        ref: `checkin:${i}`,
      },
    ],
    form: { ref: `checkin:${40 + i}`, submitActionId: "checkin.submit", submitLabel: "Send" },
  })),
  context: "Answer by Thursday 26 November",
};

type El = Record<string, unknown>;
const flat = (elements: El[]): El[] =>
  elements.flatMap((e) => [e, ...flat((e.actions as El[] | undefined) ?? [])]);

describe("Adaptive Card rendering", () => {
  it("renders a 1.5 card with title, markdown text, facts and canonical mentions as names", () => {
    const card = renderCard(checkin);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    const body = card.body as El[];
    expect(body[0]).toMatchObject({ type: "TextBlock", text: "Weekly sponsor check-in", weight: "Bolder" });
    expect(body).toContainEqual(
      expect.objectContaining({
        type: "TextBlock",
        text: "Are you still actively sponsoring **Churn model**? Lead: **Dana Whitfield**",
      }),
    );
    expect(body).toContainEqual({ type: "FactSet", facts: [{ title: "Stage", value: "Proof of concept" }] });
    expect(body.at(-1)).toMatchObject({ text: "Answer by Thursday 26 November", isSubtle: true });
  });

  it("a form becomes choice sets and a text input with one plain Action.Submit per form", () => {
    const elements = flat(renderCard(checkin).body as El[]);
    const inputs = elements.filter((e) => String(e.type).startsWith("Input."));
    expect(inputs.map((e) => [e.type, e.id])).toEqual([
      ["Input.ChoiceSet", "i0_checkin.choice"],
      ["Input.ChoiceSet", "i0_checkin.confidence"],
      ["Input.Text", "i0_checkin.note"],
      ["Input.ChoiceSet", "i1_checkin.choice"],
      ["Input.ChoiceSet", "i1_checkin.confidence"],
      ["Input.Text", "i1_checkin.note"],
    ]);
    expect(inputs[0]).toMatchObject({
      style: "expanded",
      choices: [
        { title: "Actively", value: "active" },
        { title: "Limited time", value: "limited" },
        { title: "Hand over", value: "handover" },
      ],
    });
    expect(inputs[1]).toMatchObject({ style: "compact", placeholder: "Confidence 1–5" });
    expect(inputs[2]).toMatchObject({ label: "What do you need?", isMultiline: true });
    const submits = elements.filter((e) => e.type === "Action.Submit");
    // Plain submits (no msteams): the client merges the inputs into this data.
    expect(submits).toEqual([
      {
        type: "Action.Submit",
        title: "Send",
        style: "positive",
        data: { verb: "checkin.submit", value: "checkin:40", form: 0 },
      },
      {
        type: "Action.Submit",
        title: "Send",
        style: "positive",
        data: { verb: "checkin.submit", value: "checkin:41", form: 1 },
      },
    ]);
    expect(elements.filter((e) => e.type === "Action.Execute")).toEqual([]);
  });

  it("loose buttons are one-tap messageBack submits with verb = actionId and the value; links open URLs", () => {
    const card = renderCard({
      summary: "Escalation: Churn model is lapsing",
      tone: "danger",
      sections: [
        {
          text: "No answer for 3 weeks",
          lines: ["Missed 2 check-ins", "Last answer 2 Nov"],
          links: [{ label: "Open", url: "https://pulse.example/i/churn" }],
          controls: [
            {
              kind: "button",
              actionId: "escalation.ack",
              label: "Acknowledge",
              value: "esc:7",
              style: "primary",
            },
            { kind: "button", actionId: "escalation.snooze", label: "Snooze 7 days", value: "esc:7" },
          ],
        },
      ],
    });
    const elements = flat(card.body as El[]);
    expect(elements).toContainEqual(
      expect.objectContaining({ type: "TextBlock", text: "- Missed 2 check-ins\r- Last answer 2 Nov" }),
    );
    expect(elements).toContainEqual({
      type: "Action.OpenUrl",
      title: "Open",
      url: "https://pulse.example/i/churn",
    });
    const messageBack = (verb: string, value: string) => ({
      msteams: { type: "messageBack", text: verb, value: JSON.stringify({ verb, value }) },
      verb,
      value,
    });
    expect(elements.filter((e) => e.type === "Action.Submit")).toEqual([
      {
        type: "Action.Submit",
        title: "Acknowledge",
        style: "positive",
        data: messageBack("escalation.ack", "esc:7"),
      },
      { type: "Action.Submit", title: "Snooze 7 days", data: messageBack("escalation.snooze", "esc:7") },
    ]);
    // No displayText: a tap echoes nothing into the chat, the card is updated instead.
    expect(JSON.stringify(card)).not.toContain("displayText");
    expect(elements.filter((e) => e.type === "Action.Execute")).toEqual([]);
  });

  it("always carries a plain fallback and the summary for notifications", () => {
    const activity = renderActivity(checkin);
    expect(activity.summary).toBe("Check-in: Churn model, Invoice OCR");
    const card = activity.attachments[0]?.content;
    expect(card?.fallbackText).toContain(
      "Are you still actively sponsoring Churn model? Lead: Dana Whitfield",
    );
    expect(card?.fallbackText).not.toContain("**");
  });
});

describe("Teams message refs", () => {
  it("round-trip conversation ids with colons and activity ids with colons", () => {
    for (const [conversation, activity] of [
      ["a:1pQ2rS3", "1763890000123"],
      ["19:abc@thread.tacv2;messageid=1763889611506", "1:1cSBaQv"],
    ] as const) {
      const ref = encodeMessageRef(conversation, activity);
      expect(ref.startsWith(`teams:${conversation}:`)).toBe(true);
      expect(decodeMessageRef(ref)).toEqual({ conversationId: conversation, activityId: activity });
    }
    expect(decodeMessageRef("slack:C1:1.2")).toBeUndefined();
    expect(decodeMessageRef("teams:nothing")).toBeUndefined();
  });
});
