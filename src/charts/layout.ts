/**
 * Where everything of a chart goes, in pixels, computed once so the SVG and the PNG draw the same
 * picture (and the same colours) from the same numbers.
 */
import type { Chart, ChartTone } from "../core/chart.js";

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: Box;
  /** Horizontal grid lines with their labels, bottom (zero) first. */
  yTicks: { y: number; label: string }[];
  /** Category labels, centred under their band. */
  xLabels: { x: number; label: string }[];
  /** Stacked bars, bottom segment first within a category; zero-height segments are left out. */
  bars: (Box & { tone: ChartTone; series: string; category: string; value: number })[];
  /** Lines split at null values: each segment is a run of consecutive known points. */
  lines: { tone: ChartTone; series: string; segments: Point[][] }[];
  legend: { x: number; y: number; size: number; tone: ChartTone; name: string }[];
}

export const FONT_SIZE = 11;
/** A guess at the advance of one character at FONT_SIZE, enough to lay out the legend. */
const CHAR_WIDTH = 6.5;

export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 300;

/** The smallest of 1, 2, 5 × 10ⁿ steps that reaches max in about four ticks. */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // Counts never need a tick between two whole numbers.
  const wholeStep = Number.isInteger(max) ? Math.max(step, 1) : step;
  return { top: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function layoutChart(chart: Chart, opts: { width?: number; height?: number } = {}): ChartLayout {
  const width = Math.max(120, Math.round(opts.width ?? DEFAULT_WIDTH));
  const height = Math.max(100, Math.round(opts.height ?? DEFAULT_HEIGHT));
  const n = chart.categories.length;
  const percent = chart.unit === "%";

  const legend: ChartLayout["legend"] = [];
  let legendX = 44;
  let legendY = 30;
  for (const s of chart.series) {
    const w = 14 + s.name.length * CHAR_WIDTH + 14;
    if (legendX + w > width - 8 && legendX > 44) {
      legendX = 44;
      legendY += 16;
    }
    legend.push({ x: legendX, y: legendY, size: 10, tone: s.tone, name: s.name });
    legendX += w;
  }

  const plot: Box = { x: 44, y: legendY + 22, w: width - 44 - 12, h: 0 };
  plot.h = Math.max(20, height - 24 - plot.y);

  const valueAt = (i: number) => chart.series.map((s) => s.values[i] ?? null);
  const known = (vs: (number | null)[]) => vs.filter((v): v is number => v !== null && Number.isFinite(v));
  const max =
    chart.kind === "stacked-bars"
      ? Math.max(
          0,
          ...Array.from({ length: n }, (_, i) => known(valueAt(i)).reduce((a, v) => a + Math.max(0, v), 0)),
        )
      : Math.max(0, ...chart.series.flatMap((s) => known(s.values)));
  const { top, step } = percent && max <= 100 ? { top: 100, step: 25 } : niceScale(max);
  const yOf = (v: number) => round(plot.y + plot.h - (Math.min(v, top) / top) * plot.h);

  const yTicks: ChartLayout["yTicks"] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    yTicks.push({ y: yOf(v), label: `${Number(v.toFixed(6))}${percent ? "%" : ""}` });
  }

  const band = n > 0 ? plot.w / n : plot.w;
  const centre = (i: number) => round(plot.x + band * (i + 0.5));
  const xLabels = chart.categories.map((label, i) => ({ x: centre(i), label }));

  const bars: ChartLayout["bars"] = [];
  const lines: ChartLayout["lines"] = [];
  if (chart.kind === "stacked-bars") {
    const barW = round(Math.max(2, band * 0.62));
    chart.categories.forEach((category, i) => {
      let base = 0;
      for (const s of chart.series) {
        const v = s.values[i];
        if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) continue;
        const y0 = yOf(base);
        const y1 = yOf(base + v);
        base += v;
        if (y0 - y1 <= 0) continue;
        bars.push({
          x: round(centre(i) - barW / 2),
          y: y1,
          w: barW,
          h: round(y0 - y1),
          tone: s.tone,
          series: s.name,
          category,
          value: v,
        });
      }
    });
  } else {
    for (const s of chart.series) {
      const segments: Point[][] = [];
      let run: Point[] = [];
      for (let i = 0; i < n; i++) {
        const v = s.values[i];
        if (v === null || v === undefined || !Number.isFinite(v)) {
          if (run.length) segments.push(run);
          run = [];
        } else run.push({ x: centre(i), y: yOf(Math.max(0, v)) });
      }
      if (run.length) segments.push(run);
      lines.push({ tone: s.tone, series: s.name, segments });
    }
  }
  return { width, height, plot, yTicks, xLabels, bars, lines, legend };
}
