/**
 * A chart as lines of text, for terminals and plain-text renderings: one row of block characters per
 * category (stacked bars) or one sparkline per series (lines). Each series gets its own glyph, so
 * the chart reads without colour; the legend names them.
 */
import type { Chart } from "../core/chart.js";

/** Densest first, so the first (best) series reads as the solid part of a bar. */
const GLYPHS = ["█", "▓", "▒", "░", "·", "+", "×"];
const SPARKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

function glyph(i: number): string {
  return GLYPHS[i % GLYPHS.length] ?? "#";
}

function format(value: number, unit: Chart["unit"]): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit === "%" ? `${rounded}%` : rounded;
}

export function chartText(chart: Chart, opts: { width?: number } = {}): string[] {
  const barWidth = Math.max(8, opts.width ?? 30);
  const out: string[] = [];
  const labelWidth = Math.max(0, ...chart.categories.map((c) => c.length));
  if (chart.kind === "stacked-bars") {
    out.push(chart.series.map((s, i) => `${glyph(i)} ${s.name}`).join("  "));
    const totals = chart.categories.map((_, i) =>
      chart.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0),
    );
    const max = Math.max(1, ...totals);
    chart.categories.forEach((category, i) => {
      // Each segment rounds on the running total, so a bar's length stays true to its total.
      let bar = "";
      let running = 0;
      let drawn = 0;
      chart.series.forEach((s, j) => {
        running += Math.max(0, s.values[i] ?? 0);
        const upTo = Math.round((running / max) * barWidth);
        bar += glyph(j).repeat(Math.max(0, upTo - drawn));
        drawn = Math.max(drawn, upTo);
      });
      const counts = chart.series.map((s) => format(s.values[i] ?? 0, chart.unit)).join("/");
      out.push(`${category.padEnd(labelWidth)} ${bar.padEnd(barWidth)} ${counts}`);
    });
  } else {
    const nameWidth = Math.max(0, ...chart.series.map((s) => s.name.length));
    const known = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
    const top = chart.unit === "%" ? 100 : Math.max(1, ...known);
    for (const s of chart.series) {
      const spark = s.values
        .map((v) => (v === null ? " " : (SPARKS[Math.min(7, Math.round((Math.max(0, v) / top) * 7))] ?? " ")))
        .join("");
      const last = [...s.values].reverse().find((v): v is number => v !== null);
      out.push(
        `${s.name.padEnd(nameWidth)} ${spark}${last === undefined ? "" : ` ${format(last, chart.unit)}`}`,
      );
    }
    if (chart.categories.length > 0) {
      out.push(
        `${"".padEnd(nameWidth)} ${chart.categories[0]} … ${chart.categories[chart.categories.length - 1]}`,
      );
    }
  }
  return out;
}
