import { describe, expect, it } from "vitest";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "../../../src/charts/font.js";

describe("the PNG's pixel font", () => {
  it("has a glyph of seven five-bit rows for every character week labels and legends use", () => {
    for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%.,:-/()'&+?!") {
      const rows = glyphRows(char);
      expect(rows, char).toHaveLength(GLYPH_HEIGHT);
      expect(rows.every((r) => r >= 0 && r < 2 ** GLYPH_WIDTH)).toBe(true);
      expect(
        rows.some((r) => r > 0),
        char,
      ).toBe(true);
    }
  });

  it("draws lower case and accented letters as capitals, and anything unknown as ?", () => {
    expect(glyphRows("n")).toEqual(glyphRows("N"));
    expect(glyphRows("é")).toEqual(glyphRows("E"));
    expect(glyphRows("…")).toEqual(glyphRows("."));
    expect(glyphRows("漢")).toEqual(glyphRows("?"));
    expect(glyphRows(" ").every((r) => r === 0)).toBe(true);
  });
});
