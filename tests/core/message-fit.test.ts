import { describe, expect, it } from "vitest";
import type { Message } from "../../src/core/message.js";
import { fitMessage } from "../../src/core/message-fit.js";

const more = (n: number) => `…and ${n} more`;
const message: Message = {
  summary: "s",
  sections: [
    { text: "a".repeat(10) },
    { lines: [1, 2, 3, 4, 5, 6].map((n) => String(n).repeat(10)) },
    { text: "c".repeat(10) },
  ],
};
/** A budget in characters of the sections' text and lines. */
const within = (max: number) => (m: Message) =>
  m.sections.reduce((n, s) => n + (s.text ?? "").length + (s.lines ?? []).join("").length, 0) <= max;

describe("fitMessage", () => {
  it("returns the message itself when it fits", () => {
    expect(fitMessage(message, within(100), more)).toBe(message);
  });

  it("keeps leading sections whole, cuts a long list inside, and counts what is left out", () => {
    // 10 + two lines (20) + "…and 4 more" (11) + "…and 1 more" (11) = 52; a third line would be 62
    expect(fitMessage(message, within(60), more).sections).toEqual([
      { text: "a".repeat(10) },
      { lines: ["1".repeat(10), "2".repeat(10), "…and 4 more"] },
      { text: "…and 1 more" },
    ]);
  });

  it("drops whole sections when a list cannot show even one line", () => {
    expect(fitMessage(message, within(25), more).sections).toEqual([
      { text: "a".repeat(10) },
      { text: "…and 2 more" },
    ]);
  });
});
