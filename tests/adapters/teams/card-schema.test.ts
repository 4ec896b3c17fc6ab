import { beforeAll, describe, expect, it } from "vitest";
import { CARD_BUDGET_CHARS, renderActivity, renderCard } from "../../../adapters/teams/render.js";
import { CHART_DIGEST } from "../chart-message.js";
import { type NamedMessage, PORTFOLIO, portfolioMessages } from "../portfolio-messages.js";
import { compileSchema } from "./json-schema.js";

type El = Record<string, unknown>;
const flat = (elements: El[]): El[] =>
  elements.flatMap((e) => [e, ...flat((e.actions as El[] | undefined) ?? [])]);

const validate = compileSchema("adaptive-card.v1.5.subset.json");
let messages: NamedMessage[] = [];

beforeAll(async () => {
  messages = await portfolioMessages();
}, 60_000);

describe("every Adaptive Card the bot sends, for the largest portfolio", () => {
  it("is valid Adaptive Card 1.5, within Teams' message size, with no Action.Execute", () => {
    expect(messages.length).toBeGreaterThan(PORTFOLIO.initiatives / 10);
    for (const { name, message } of messages) {
      const activity = renderActivity(message);
      const card = activity.attachments[0]!.content;
      expect(validate(card), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      expect(card.version, name).toBe("1.5");
      expect(JSON.stringify(activity).length, name).toBeLessThanOrEqual(CARD_BUDGET_CHARS);
      const elements = flat(card.body as El[]);
      expect(
        elements.filter((e) => e.type === "Action.Execute"),
        name,
      ).toEqual([]);
      const ids = elements.filter((e) => String(e.type).startsWith("Input.")).map((e) => e.id);
      expect(new Set(ids).size, `${name}: input ids unique`).toBe(ids.length);
    }
  });

  it("the weekly digest carries its engagement chart as an Image, and stays valid", () => {
    const digest = messages.find((m) => m.name.startsWith("pulse digest"))!;
    const chart = digest.message.sections.find((s) => s.chart)?.chart;
    expect(chart?.categories).toHaveLength(8);
    for (const message of [digest.message, CHART_DIGEST]) {
      const card = renderCard(message);
      expect(validate(card), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(flat(card.body as El[]).filter((e) => e.type === "Image")).toHaveLength(1);
    }
  });

  it("a portfolio list too long for one message keeps its head and says how much is left out", () => {
    const list = messages.find((m) => m.name.startsWith("initiative list"))!;
    const text = JSON.stringify(renderCard(list.message));
    expect(text).toContain("Initiative 1 ");
    expect(text).toMatch(/…and \d+ more/);
    expect(text).not.toContain(`Initiative ${PORTFOLIO.initiatives} `);
  });

  it("a sponsor's check-in over many initiatives keeps whole forms and says the rest is not shown", () => {
    const checkin = messages.find((m) => m.name.startsWith("checkin"))!;
    const card = renderCard(checkin.message);
    const elements = flat(card.body as El[]);
    const submits = elements.filter((e) => e.type === "Action.Submit" && (e.data as El).form !== undefined);
    const forms = new Set(submits.map((e) => (e.data as El).form));
    // Every form shown has its choice set; the left-out ones are counted, not cut in half.
    for (const form of forms)
      expect(elements.some((e) => e.id === `i${String(form)}_checkin.choice`)).toBe(true);
    expect(JSON.stringify(card)).toMatch(/…and \d+ more not shown: too long for one Teams message/);
  });
});

describe("the Adaptive Card 1.5 schema subset", () => {
  const ok = {
    type: "AdaptiveCard",
    version: "1.5",
    body: [{ type: "TextBlock", text: "Hello", wrap: true }],
    msteams: { width: "Full" },
  };

  it("accepts a plain card and rejects what Teams would not render", () => {
    expect(validate(ok)).toBe(true);
    const broken = [
      { ...ok, body: [{ type: "TextBlock", wrap: true }] },
      { ...ok, body: [{ type: "Carousel", pages: [] }] },
      { ...ok, body: [{ type: "TextBlock", text: "x", color: "Purple" }] },
      { ...ok, body: [{ type: "Input.Text" }] },
      { ...ok, body: [{ type: "ActionSet", actions: [{ type: "Action.Submit", verb: "x" }] }] },
      { ...ok, body: [{ type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: "Open" }] }] },
      { ...ok, unknown: true },
    ];
    for (const card of broken) expect(validate(card), JSON.stringify(card)).toBe(false);
  });
});
