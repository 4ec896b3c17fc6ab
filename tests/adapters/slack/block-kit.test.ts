import { beforeAll, describe, expect, it } from "vitest";
import { addInitiativeModal, noteModal, stageModal } from "../../../adapters/slack/modals.js";
import { renderHome, renderMessage } from "../../../adapters/slack/render.js";
import { CHART_DIGEST } from "../chart-message.js";
import { type NamedMessage, PORTFOLIO, portfolioMessages } from "../portfolio-messages.js";
import { LIMITS, messageViolations, viewViolations } from "./block-kit-limits.js";

let messages: NamedMessage[] = [];

beforeAll(async () => {
  messages = await portfolioMessages();
}, 60_000);

const long = (n: number) => "x".repeat(n);

describe("every Slack message and view the bot sends, for the largest portfolio", () => {
  it("stays within Block Kit's limits as a message and as the Home tab", () => {
    expect(messages.length).toBeGreaterThan(PORTFOLIO.initiatives / 10);
    for (const { name, message } of messages) {
      expect(messageViolations(renderMessage(message), name)).toEqual([]);
      expect(viewViolations(renderHome(message), `${name} as home`)).toEqual([]);
    }
  });

  it("the weekly digest carries its engagement chart, within the limits", () => {
    const digest = messages.find((m) => m.name.startsWith("pulse digest"))!;
    const chart = digest.message.sections.find((s) => s.chart)?.chart;
    expect(chart?.categories).toHaveLength(8);
    expect(JSON.stringify(renderMessage(digest.message).blocks)).toContain(chart?.summary);
    expect(messageViolations(renderMessage(CHART_DIGEST), "chart digest")).toEqual([]);
  });

  it("the modals stay within the view limits, even with a long note", () => {
    const ctx = { responseUrl: `https://hooks.slack.com/actions/T0/${long(120)}`, channelId: "C0PMO" };
    const note = {
      actionId: "checkin.note",
      ref: "123",
      label: "What do you need?",
      placeholder: "A decision, budget, an introduction…",
      value: long(2000),
    };
    for (const [name, view] of [
      ["add initiative", addInitiativeModal(ctx)],
      ["stage", stageModal(ctx)],
      ["note", noteModal(note, { ...ctx, messageRef: "slack:D0HEAVY:1763890000.000100" })],
    ] as const) {
      expect(viewViolations(view, name)).toEqual([]);
    }
  });

  it("a 400-initiative list is split over section texts of at most 3,000 characters, every line kept", () => {
    const list = messages.find((m) => m.name.startsWith("initiative list"))!;
    const { blocks } = renderMessage(list.message);
    const text = blocks.map((b) => JSON.stringify(b)).join("\n");
    for (let i = 1; i <= PORTFOLIO.initiatives; i++) expect(text).toContain(`Initiative ${i} `);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
  });

  it("a check-in over too many initiatives drops whole sections and says how many", () => {
    const checkin = messages.find((m) => m.name.startsWith("checkin"))!;
    const { blocks } = renderMessage(checkin.message);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(JSON.stringify(blocks.slice(-2))).toMatch(
      /…and \d+ more not shown: Slack shows 50 blocks at most/,
    );
    // No form is cut in half: every section with a heading still has its buttons.
    const headings = blocks.filter((b) => b.type === "section" && JSON.stringify(b).includes("day "));
    const actions = blocks.filter((b) => b.type === "actions");
    expect(actions.length).toBeGreaterThanOrEqual(headings.length);
  });
});

describe("the Block Kit limits check", () => {
  it("names every breach it finds", () => {
    const button = {
      type: "button",
      action_id: "a",
      text: { type: "plain_text", text: long(76) },
      value: "v",
    };
    const payload = {
      text: " ",
      blocks: [
        { type: "header", text: { type: "plain_text", text: long(151) } },
        { type: "section", text: { type: "mrkdwn", text: long(3001) } },
        { type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) },
        { type: "actions", elements: [button] },
        ...Array.from({ length: 47 }, () => ({ type: "divider" })),
      ],
    };
    expect(messageViolations(payload, "m")).toEqual([
      "m: no text fallback",
      "m: 51 blocks, over 50",
      "m block 0 (header): header text is 151, over 150",
      "m block 1 (section): section text is 3001, over 3000",
      "m block 2 (section): fields is 11, over 10",
      "m block 3 (actions) element 0: button label is 76, over 75",
    ]);
    expect(viewViolations({ type: "modal", title: { text: long(25) }, blocks: [] }, "v")).toEqual([
      "v: modal title is 25, over 24",
    ]);
  });
});
