import { describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/shell/render.js";
import { renderMessage } from "../../../adapters/slack/render.js";
import { renderCard } from "../../../adapters/teams/render.js";
import { buildDigest } from "../../../src/digest/build.js";
import type { DigestInput } from "../../../src/digest/model.js";
import { digestToJson, digestToMarkdown, digestToMessage, digestToText } from "../../../src/digest/render.js";
import type { WeekCounts } from "../../../src/engagement/weekly.js";
import { compileSchema } from "../../adapters/teams/json-schema.js";
import { eightWeeks, NOW } from "../../fixtures/digest/eight-weeks.js";

const LABELS = ["5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov"];
const weeks: WeekCounts[] = LABELS.map((label, i) => ({
  label,
  end: new Date(Date.UTC(2026, 9, 12 + 7 * i)),
  counts: { engaged: 6 - (i >> 1), cooling: 1, lapsing: 0, lapsed: i >> 1, unsponsored: 0 },
}));
const withWeeks = (extra: Partial<DigestInput> = {}) => ({
  ...eightWeeks(),
  engagementWeeks: weeks,
  ...extra,
});
const validateCard = compileSchema("adaptive-card.v1.5.subset.json");

describe("the digest's engagement chart", () => {
  const digest = buildDigest(withWeeks(), NOW);
  const summary = "Engaged initiatives went from 6 to 3 of 7 over 8 weeks; 3 lapsed now.";

  it("is built from engagementWeeks: a stacked bar per week, one series per state", () => {
    expect(digest.chart?.kind).toBe("stacked-bars");
    expect(digest.chart?.categories).toEqual(LABELS);
    expect(digest.chart?.summary).toBe(summary);
    expect(JSON.parse(digestToJson(digest)).chart.summary).toBe(summary);
  });

  it("sits under the headline of the message, and every platform draws it its own way", () => {
    const message = digestToMessage(digest);
    expect(message.sections[1]?.chart).toEqual(digest.chart);

    const slack = renderMessage(message);
    expect(slack.text).toContain(summary);
    expect(JSON.stringify(slack.blocks)).toContain(summary);

    const card = renderCard(message);
    expect(validateCard(card), JSON.stringify(validateCard.errors?.slice(0, 3))).toBe(true);
    const image = (card.body as Record<string, unknown>[]).find((e) => e.type === "Image");
    expect(image?.altText).toBe(summary);
    expect(String(image?.url)).toMatch(/^data:image\/png;base64,/);

    const shell = renderText(message).text;
    expect(shell).toContain(summary);
    expect(shell).toMatch(/23 Nov █+▓+░+ +3\/1\/0\/3\/0/);
  });

  it("shows in the printed text and Markdown digests", () => {
    expect(digestToText(digest)).toContain(`SPONSOR ENGAGEMENT, LAST 8 WEEKS\n${summary}\n`);
    const md = digestToMarkdown(digest);
    expect(md).toContain(summary);
    expect(md).toMatch(/```\n█ Engaged[^`]+```/);
  });

  it("without weeks, or with nothing in them, there is no chart and nothing fails", () => {
    for (const input of [eightWeeks(), withWeeks({ engagementWeeks: [] })]) {
      const plainDigest = buildDigest(input, NOW);
      expect(plainDigest.chart).toBeUndefined();
      const message = digestToMessage(plainDigest);
      expect(message.sections.some((s) => s.chart)).toBe(false);
      expect(validateCard(renderCard(message))).toBe(true);
      expect(renderMessage(message).blocks.length).toBeGreaterThan(0);
    }
    const empty = weeks.map((w) => ({ ...w, counts: { ...w.counts, engaged: 0, cooling: 0, lapsed: 0 } }));
    expect(buildDigest(withWeeks({ engagementWeeks: empty }), NOW).chart).toBeUndefined();
  });
});
