import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeActionId,
  fallbackText,
  renderHome,
  renderMessage,
  toMrkdwn,
} from "../../../adapters/slack/render.js";
import type { Message } from "../../../src/core/message.js";

const checkin = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../fixtures/slack/checkin-message.json"), "utf8"),
) as Message;

describe("Block Kit rendering", () => {
  it("renders a check-in: header, mrkdwn, fields, buttons, select, note button, context", () => {
    expect(renderMessage(checkin)).toMatchSnapshot();
  });

  it("gives every control a unique action_id that decodes back to the core's", () => {
    const { blocks } = renderMessage(checkin);
    const elements = blocks
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements as { action_id: string; type: string; value?: string }[]);
    const ids = elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(elements.map((e) => decodeActionId(e.action_id))).toEqual([
      "checkin.sponsorship",
      "checkin.sponsorship",
      "checkin.sponsorship",
      "checkin.confidence",
      "pulse.slack.note",
    ]);
    expect(elements.map((e) => e.type)).toEqual(["button", "button", "button", "static_select", "button"]);
    const note = JSON.parse(elements[4]?.value ?? "{}");
    expect(note).toEqual({
      actionId: "checkin.need",
      ref: "ci-1",
      label: "What do you need?",
      placeholder: "Budget, a decision, people…",
      multiline: true,
    });
  });

  it("has a plain-text fallback that starts with the summary and lists the choices", () => {
    const text = fallbackText(checkin);
    expect(text.split("\n")[0]).toBe("Are you still actively sponsoring Churn model?");
    expect(text).toContain("[Actively] [Limited time] [Hand over]");
    expect(text).toContain("Confidence 1–5: 1, 2, 3, 4, 5");
    expect(text).not.toContain("**");
  });

  it("converts bold, keeps mentions and escapes everything else", () => {
    expect(toMrkdwn("**Churn** by <@U1|ana> in <#C1|pmo> & <script> <!channel>")).toBe(
      "*Churn* by <@U1|ana> in <#C1|pmo> &amp; &lt;script&gt; &lt;!channel&gt;",
    );
  });

  it("a heading that carries its own bold renders as one bold line", () => {
    const { blocks } = renderMessage({
      summary: "s",
      sections: [
        { heading: "**Churn model** — Proof of concept, day 3 in stage", text: "Still sponsoring?" },
      ],
    });
    expect(blocks[0]?.text).toEqual({
      type: "mrkdwn",
      text: "*Churn model — Proof of concept, day 3 in stage*\nStill sponsoring?",
    });
  });

  it("marks the selected option and keeps within Slack's limits", () => {
    const many: Message = {
      summary: "Portfolio",
      sections: Array.from({ length: 80 }, (_, i) => ({ text: `Initiative ${i}` })),
    };
    expect(renderMessage(many).blocks).toHaveLength(50);
    expect(renderHome(many).blocks).toHaveLength(80);
    const selected: Message = {
      summary: "x",
      sections: [
        {
          controls: [
            {
              kind: "select",
              actionId: "c",
              placeholder: "p",
              options: [{ label: "4", value: "4" }],
              selected: "4",
            },
          ],
        },
      ],
    };
    const select = ((renderMessage(selected).blocks[0]?.elements ?? []) as Record<string, unknown>[])[0];
    expect(select?.initial_option).toEqual({
      text: { type: "plain_text", text: "4", emoji: true },
      value: "4",
    });
  });

  it("renders the tone and splits more than ten fields", () => {
    const warning: Message = {
      title: "Sponsor lapsing",
      summary: "Sponsor lapsing",
      tone: "warning",
      sections: [{ fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: `${i}` })) }],
    };
    const { blocks } = renderMessage(warning);
    expect(blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: ":warning: Sponsor lapsing", emoji: true },
    });
    expect(blocks.slice(1).map((b) => (b.fields as unknown[]).length)).toEqual([10, 2]);
  });

  it("the note button carries the current note when it fits in Slack's 2,000 characters", () => {
    const withNote = (value: string): Message => ({
      summary: "x",
      sections: [{ controls: [{ kind: "text", actionId: "checkin.note", label: "Need?", ref: "7", value }] }],
    });
    const noteOf = (m: Message) =>
      JSON.parse(
        String(((renderMessage(m).blocks[0]?.elements ?? []) as Record<string, unknown>[])[0]?.value ?? "{}"),
      );
    expect(noteOf(withNote("Budget"))).toMatchObject({ ref: "7", value: "Budget" });
    const long = noteOf(withNote("b".repeat(3000)));
    expect(long).toEqual({ actionId: "checkin.note", ref: "7", label: "Need?" });
  });
});
