/**
 * A chart as one self-contained SVG string (no scripts, no external fonts or styles), for the web
 * dashboard and anything else that can show SVG. Screen readers get the title and the summary.
 */
import type { Chart } from "../core/chart.js";
import { type ChartLayout, FONT_SIZE, layoutChart } from "./layout.js";
import { INK, PALETTE } from "./model.js";

/** Escapes text for both element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`,
  );
}

function text(x: number, y: number, content: string, anchor: "start" | "middle" | "end", extra = ""): string {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}"${extra}>${escapeXml(content)}</text>`;
}

export function chartSvg(chart: Chart, opts: { width?: number; height?: number } = {}): string {
  const l: ChartLayout = layoutChart(chart, opts);
  const { plot } = l;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" role="img" aria-label="${escapeXml(chart.summary)}">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<desc>${escapeXml(chart.summary)}</desc>`,
    `<rect width="${l.width}" height="${l.height}" fill="${INK.background}"/>`,
    `<g font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${FONT_SIZE}" fill="${INK.text}">`,
    text(8, 16, chart.title, "start", ' font-size="13" font-weight="600"'),
  );

  for (const item of l.legend) {
    parts.push(
      `<rect x="${item.x}" y="${item.y - item.size + 1}" width="${item.size}" height="${item.size}" fill="${PALETTE[item.tone]}"/>`,
      text(item.x + item.size + 4, item.y, item.name, "start"),
    );
  }

  for (const tick of l.yTicks) {
    parts.push(
      `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${tick.y}" y2="${tick.y}" stroke="${INK.grid}"/>`,
      text(plot.x - 6, tick.y + 4, tick.label, "end"),
    );
  }
  for (const label of l.xLabels) parts.push(text(label.x, plot.y + plot.h + 15, label.label, "middle"));

  for (const bar of l.bars) {
    parts.push(
      `<rect x="${bar.x}" y="${bar.y}" width="${bar.w}" height="${bar.h}" fill="${PALETTE[bar.tone]}"><title>${escapeXml(`${bar.category}: ${bar.value} ${bar.series.toLowerCase()}`)}</title></rect>`,
    );
  }
  for (const line of l.lines) {
    const colour = PALETTE[line.tone];
    for (const segment of line.segments) {
      if (segment.length === 1) {
        // A lone known week between gaps still shows, as a dot.
        const [p] = segment;
        if (p) parts.push(`<circle cx="${p.x}" cy="${p.y}" r="3" fill="${colour}"/>`);
      } else {
        const points = segment.map((p) => `${p.x},${p.y}`).join(" ");
        parts.push(
          `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`,
        );
      }
    }
  }

  parts.push(
    `<line x1="${plot.x}" x2="${plot.x}" y1="${plot.y}" y2="${plot.y + plot.h}" stroke="${INK.axis}"/>`,
    `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${plot.y + plot.h}" y2="${plot.y + plot.h}" stroke="${INK.axis}"/>`,
    "</g></svg>",
  );
  return parts.join("");
}
