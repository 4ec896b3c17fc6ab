/**
 * A chart as a PNG, drawn in memory and encoded with node:zlib, for platforms that show images but
 * no charts (Slack, Teams cards). It uses the SVG's layout and palette; words are left to the
 * message around it too (its summary is the alt text). Labels are drawn in a small pixel font
 * (./font.ts). An indexed-colour image keeps it to a few KB, and the same chart gives the same bytes.
 */
import { deflateSync } from "node:zlib";
import type { Chart, ChartTone } from "../core/chart.js";
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "./font.js";
import { layoutChart, type Point } from "./layout.js";
import { INK, PALETTE } from "./model.js";

const TONES = Object.keys(PALETTE) as ChartTone[];
/** Palette index of each ink: background 0 (what a fresh canvas holds), then the inks, then the tones. */
const INKS = [INK.background, INK.grid, INK.axis, INK.text, ...TONES.map((t) => PALETTE[t])];
const BACKGROUND = 0;
const GRID = 1;
const AXIS = 2;
const TEXT = 3;
const toneIndex = (tone: ChartTone) => 4 + TONES.indexOf(tone);

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(BACKGROUND);
  }

  /** Fills [x0, x1) × [y0, y1), clipped; fractional edges round to the nearest pixel. */
  fill(x0: number, y0: number, x1: number, y1: number, ink: number): void {
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(this.width, Math.round(x1));
    const top = Math.max(0, Math.round(y0));
    const bottom = Math.min(this.height, Math.round(y1));
    for (let y = top; y < bottom; y++) this.pixels.fill(ink, y * this.width + left, y * this.width + right);
  }

  /** A line `thickness` pixels wide, stamped as squares along its length. */
  line(a: Point, b: Point, ink: number, thickness = 2): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y))));
    const half = thickness / 2;
    for (let i = 0; i <= steps; i++) {
      const x = a.x + ((b.x - a.x) * i) / steps;
      const y = a.y + ((b.y - a.y) * i) / steps;
      this.fill(x - half, y - half, x + half, y + half, ink);
    }
  }

  /** `text` with its baseline at `y`, placed by `anchor` around `x`; `bold` doubles each stroke. */
  text(
    x: number,
    y: number,
    text: string,
    anchor: "start" | "middle" | "end",
    ink: number,
    bold = false,
  ): void {
    const chars = [...text];
    const width = chars.length * ADVANCE - 1 + (bold ? 1 : 0);
    let left = Math.round(anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width);
    const top = Math.round(y) - GLYPH_HEIGHT + 1;
    for (const char of chars) {
      glyphRows(char).forEach((row, dy) => {
        for (let dx = 0; dx < GLYPH_WIDTH; dx++) {
          if (row & (1 << (GLYPH_WIDTH - 1 - dx)))
            this.fill(left + dx, top + dy, left + dx + (bold ? 2 : 1), top + dy + 1, ink);
        }
      });
      left += ADVANCE;
    }
  }

  dot(p: Point, r: number, ink: number): void {
    for (let dy = -r; dy <= r; dy++) {
      const dx = Math.floor(Math.sqrt(r * r - dy * dy));
      this.fill(p.x - dx, p.y + dy, p.x + dx + 1, p.y + dy + 1, ink);
    }
  }
}

export function chartPng(chart: Chart, opts: { width?: number; height?: number } = {}): Uint8Array {
  const l = layoutChart(chart, opts);
  const canvas = new Canvas(l.width, l.height);
  const { plot } = l;

  canvas.text(8, 16, chart.title, "start", TEXT, true);
  for (const tick of l.yTicks) {
    canvas.fill(plot.x, tick.y, plot.x + plot.w, tick.y + 1, GRID);
    canvas.text(plot.x - 6, tick.y + 3, tick.label, "end", TEXT);
  }
  for (const item of l.legend) {
    canvas.fill(item.x, item.y - item.size + 1, item.x + item.size, item.y + 1, toneIndex(item.tone));
    canvas.text(item.x + item.size + 4, item.y - 1, item.name, "start", TEXT);
  }
  for (const label of l.xLabels) canvas.text(label.x, plot.y + plot.h + 14, label.label, "middle", TEXT);
  for (const bar of l.bars) canvas.fill(bar.x, bar.y, bar.x + bar.w, bar.y + bar.h, toneIndex(bar.tone));
  for (const line of l.lines) {
    for (const segment of line.segments) {
      const ink = toneIndex(line.tone);
      if (segment.length === 1 && segment[0]) canvas.dot(segment[0], 3, ink);
      for (let i = 1; i < segment.length; i++) {
        const a = segment[i - 1];
        const b = segment[i];
        if (a && b) canvas.line(a, b, ink);
      }
    }
  }
  canvas.fill(plot.x, plot.y, plot.x + 1, plot.y + plot.h + 1, AXIS);
  canvas.fill(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h + 1, AXIS);
  for (const label of l.xLabels)
    canvas.fill(label.x, plot.y + plot.h + 1, label.x + 1, plot.y + plot.h + 4, AXIS);

  return encodePng(canvas.width, canvas.height, canvas.pixels, INKS);
}

// --- PNG encoding (ISO/IEC 15948): signature, IHDR, PLTE, IDAT, IEND ---

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  out.set(data, 8);
  // The CRC covers the type and the data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit indexed-colour PNG of `pixels` (one palette index per pixel, rows top to bottom). */
export function encodePng(width: number, height: number, pixels: Uint8Array, colours: string[]): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // bit depth 8, indexed colour, deflate, filter method 0, no interlace
  const palette = Buffer.from(
    colours.flatMap((hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))),
  );
  // Each row starts with its filter type; 0 (none) suits flat colour well enough.
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", palette),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
