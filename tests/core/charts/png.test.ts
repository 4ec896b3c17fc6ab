import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { INK, PALETTE } from "../../../src/charts/model.js";
import { chartPng, crc32 } from "../../../src/charts/png.js";
import type { Chart } from "../../../src/core/chart.js";

interface Decoded {
  width: number;
  height: number;
  /** "#RRGGBB" of each pixel, row by row. */
  at(x: number, y: number): string;
}

/** Reads back what chartPng wrote (8-bit indexed, filter 0), checking every chunk's CRC. */
function decode(png: Uint8Array): Decoded {
  const buf = Buffer.from(png);
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = new Map<string, Buffer>();
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString("ascii", at + 4, at + 8);
    expect(buf.readUInt32BE(at + 8 + length)).toBe(crc32(buf.subarray(at + 4, at + 8 + length)));
    chunks.set(type, buf.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect([...chunks.keys()]).toEqual(["IHDR", "PLTE", "IDAT", "IEND"]);
  const ihdr = chunks.get("IHDR")!;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 3, 0, 0, 0]);
  const plte = chunks.get("PLTE")!;
  const raw = inflateSync(chunks.get("IDAT")!);
  expect(raw.length).toBe((width + 1) * height);
  const hex = (n: number) => n.toString(16).padStart(2, "0").toUpperCase();
  return {
    width,
    height,
    at(x, y) {
      const row = y * (width + 1);
      expect(raw[row]).toBe(0);
      const index = raw[row + 1 + x]!;
      return `#${hex(plte[index * 3]!)}${hex(plte[index * 3 + 1]!)}${hex(plte[index * 3 + 2]!)}`;
    },
  };
}

/** The colours down one pixel column, bottom to top, as runs: [colour, length]. */
function column(img: Decoded, x: number): [string, number][] {
  const runs: [string, number][] = [];
  for (let y = img.height - 1; y >= 0; y--) {
    const c = img.at(x, y);
    const last = runs[runs.length - 1];
    if (last && last[0] === c) last[1]++;
    else runs.push([c, 1]);
  }
  return runs;
}

const chart: Chart = {
  kind: "stacked-bars",
  title: "Sponsor engagement",
  categories: ["w1", "w2", "w3", "w4"],
  series: [
    { name: "Engaged", tone: "engaged", values: [4, 2, 0, 0] },
    { name: "Lapsed", tone: "lapsed", values: [0, 2, 4, 0] },
  ],
  summary: "Engaged went from 4 to 0.",
};

describe("chartPng", () => {
  it("is a valid PNG of the asked size, a few KB, the same bytes every time", () => {
    const png = chartPng(chart, { width: 400, height: 200 });
    const img = decode(png);
    expect([img.width, img.height]).toEqual([400, 200]);
    expect(png.length).toBeLessThan(4000);
    expect(Buffer.from(chartPng(chart, { width: 400, height: 200 })).equals(Buffer.from(png))).toBe(true);
  });

  it("puts each bar's colour where the data says, in proportion", () => {
    const img = decode(chartPng(chart, { width: 400, height: 200 }));
    // Plot starts right of the y axis, so sample each band's centre within the plot width.
    const centres = [0, 1, 2, 3].map((i) => Math.round(44 + ((img.width - 56) / 4) * (i + 0.5)));
    const tall = (runs: [string, number][], colour: string) =>
      runs.filter(([c]) => c === colour).reduce((sum, [, n]) => sum + n, 0);

    const w1 = column(img, centres[0]!);
    const w2 = column(img, centres[1]!);
    const w3 = column(img, centres[2]!);
    const w4 = column(img, centres[3]!);
    expect(tall(w1, PALETTE.engaged)).toBeGreaterThan(50);
    expect(tall(w1, PALETTE.lapsed)).toBe(0);
    expect(tall(w3, PALETTE.lapsed)).toBe(tall(w1, PALETTE.engaged));
    // Week 2 stacks engaged (bottom) then lapsed, half each.
    expect(Math.abs(tall(w2, PALETTE.engaged) - tall(w2, PALETTE.lapsed))).toBeLessThanOrEqual(1);
    const order = w2.map(([c]) => c).filter((c) => c === PALETTE.engaged || c === PALETTE.lapsed);
    expect(order).toEqual([PALETTE.engaged, PALETTE.lapsed]);
    expect(tall(w4, PALETTE.engaged) + tall(w4, PALETTE.lapsed)).toBe(0);
  });

  it("draws legend swatches in each series' colour", () => {
    const png = decode(chartPng(chart, { width: 400, height: 200 }));
    const colours = new Set<string>();
    for (let y = 0; y < 48; y++) for (let x = 0; x < 400; x++) colours.add(png.at(x, y));
    expect(colours).toContain(PALETTE.engaged);
    expect(colours).toContain(PALETTE.lapsed);
  });

  it("writes the labels in the text ink: title, legend names, week labels under each bar", () => {
    const img = decode(chartPng(chart, { width: 400, height: 200 }));
    const inked = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.at(x, y) === INK.text) n++;
      return n;
    };
    expect(inked(0, 0, 200, 18)).toBeGreaterThan(50); // the title
    const centre = Math.round(44 + (400 - 56) / 8);
    expect(inked(centre - 8, 178, centre + 8, 192)).toBeGreaterThan(10); // "w1"
  });

  it("draws lines, leaving gaps at null", () => {
    const lines: Chart = {
      kind: "lines",
      title: "Rate",
      categories: ["a", "b", "c", "d"],
      series: [{ name: "Answered", tone: "accent", values: [50, 50, null, 50] }],
      unit: "%",
      summary: "Half answered.",
    };
    const img = decode(chartPng(lines, { width: 400, height: 200 }));
    const band = (400 - 56) / 4;
    const between = (i: number) => Math.round(44 + band * (i + 1));
    const has = (x: number) => column(img, x).some(([c]) => c === PALETTE.accent);
    expect(has(between(0))).toBe(true); // a–b joined
    expect(has(between(1))).toBe(false); // b–c gap
    expect(has(between(2))).toBe(false); // c–d gap
    expect(has(Math.round(44 + band * 3.5))).toBe(true); // d alone, a dot
  });

  it("draws an empty chart", () => {
    const img = decode(chartPng({ ...chart, categories: [], series: [] }));
    expect(img.width).toBeGreaterThan(0);
  });
});
