import { describe, expect, it } from "vitest";
import { chartSvg } from "../../../src/charts/svg.js";
import type { Chart } from "../../../src/core/chart.js";

/** Every tag closes in order and every & starts an entity: enough to know a browser parses it as XML. */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const [, close, name, selfClose] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (close) {
      if (stack.pop() !== name) return false;
    } else if (!selfClose) stack.push(name ?? "");
  }
  const outsideTags = svg.replace(/<[^>]*>/g, "");
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|apos);)/.test(svg) && !/[<>]/.test(outsideTags);
}

const bars: Chart = {
  kind: "stacked-bars",
  title: "Sponsor engagement",
  categories: ["12 Oct", "19 Oct", "26 Oct"],
  series: [
    { name: "Engaged", tone: "engaged", values: [3, 2, 0] },
    { name: "Lapsed", tone: "lapsed", values: [1, 2, 4] },
  ],
  summary: "Engaged initiatives went from 3 to 0 of 4 over 3 weeks; 4 lapsed now.",
};

describe("chartSvg", () => {
  it("is an accessible image: role, title, aria-label with the summary", () => {
    const svg = chartSvg(bars);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`aria-label="${bars.summary}"`);
    expect(svg).toContain("<title>Sponsor engagement</title>");
    expect(wellFormed(svg)).toBe(true);
  });

  it("draws one rect per non-zero segment, in its tone's colour, with week labels and legend", () => {
    const svg = chartSvg(bars, { width: 400, height: 200 });
    expect(svg).toContain('width="400" height="200"');
    const segments = [...svg.matchAll(/<rect [^>]*fill="(#[0-9A-F]{6})"><title>([^<]+)<\/title>/g)];
    expect(segments.map((m) => m[2])).toEqual([
      "12 Oct: 3 engaged",
      "12 Oct: 1 lapsed",
      "19 Oct: 2 engaged",
      "19 Oct: 2 lapsed",
      "26 Oct: 4 lapsed",
    ]);
    expect(new Set(segments.map((m) => m[1])).size).toBe(2);
    for (const label of ["12 Oct", "19 Oct", "26 Oct", "Engaged", "Lapsed"])
      expect(svg).toContain(`>${label}</text>`);
  });

  it("stacks bars proportionally: a week of 4 is as tall as the week of 4 beside it", () => {
    const heights = new Map<string, number>();
    for (const m of chartSvg(bars).matchAll(/height="([\d.]+)" fill="#[0-9A-F]+"><title>(\d+ Oct)/g)) {
      heights.set(m[2] ?? "", (heights.get(m[2] ?? "") ?? 0) + Number(m[1]));
    }
    expect(heights.get("12 Oct")).toBeCloseTo(heights.get("26 Oct") ?? 0, 0);
  });

  it("escapes every text it carries", () => {
    const hostile: Chart = {
      ...bars,
      title: `<script>alert("x")</script> & co`,
      categories: ["<b>", "a&b", `"q"`],
      series: [{ name: "it's <new>", tone: "accent", values: [1, 1, 1] }],
      summary: `ends with "quote" & <tag>`,
    };
    const svg = chartSvg(hostile);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    expect(svg).toContain("it&apos;s &lt;new&gt;");
    expect(wellFormed(svg)).toBe(true);
  });

  it("draws lines with gaps at null and a percentage axis", () => {
    const lines: Chart = {
      kind: "lines",
      title: "Response rate",
      categories: ["a", "b", "c", "d", "e"],
      series: [{ name: "Answered", tone: "accent", values: [80, null, 60, 70, null] }],
      unit: "%",
      summary: "Response rate fell from 80% to 70%.",
    };
    const svg = chartSvg(lines);
    expect(svg.match(/<polyline /g)).toHaveLength(1); // c–d
    expect(svg.match(/<circle /g)).toHaveLength(1); // a alone
    expect(svg).toContain(">100%</text>");
    expect(svg).toContain(">0%</text>");
    expect(wellFormed(svg)).toBe(true);
  });

  it("draws an empty chart without failing", () => {
    const svg = chartSvg({ ...bars, categories: [], series: [] });
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toContain("NaN");
  });
});
