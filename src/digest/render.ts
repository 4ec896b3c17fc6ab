/**
 * Renderings of a built digest: the neutral Message (adapters turn it into Block Kit / Adaptive Cards,
 * its summary is the notification fallback), plain text, Markdown and stable JSON. Every initiative
 * line names its slug so `/initiative show <slug>` finds it.
 */
import { z } from "zod";
import { chartText } from "../charts/text.js";
import type { Message } from "../core/message.js";
import type { Digest, DigestLine, DigestSection } from "./model.js";

export const FULL_LIST_HINT = "full list: `sponsor-pulse export`";

export function moreText(more: number): string {
  return `and ${more.toLocaleString("en-US")} more — ${FULL_LIST_HINT}`;
}

function title(d: Digest): string {
  return d.workspaceName ? `Weekly PMO digest · ${d.workspaceName}` : "Weekly PMO digest";
}

function period(d: Digest): string {
  return `Period ${d.periodStart.slice(0, 10)} to ${d.periodEnd.slice(0, 10)}, UTC`;
}

function lineWith(line: DigestLine, format: (name: string, slug: string) => string, text: string): string {
  return line.slug ? `${format(line.name ?? line.slug, line.slug)} — ${text}` : text;
}

function sectionLines(s: DigestSection, render: (line: DigestLine) => string, more: string): string[] {
  return [...s.lines.map(render), ...(s.more > 0 ? [more] : [])];
}

/**
 * Slack clips a section's text at 3,000 characters, which would cut off the "and N more" line; a
 * section too long for that keeps fewer lines and counts the rest as more.
 */
export const MESSAGE_SECTION_BUDGET = 2800;

function fitSection(s: DigestSection, render: (line: DigestLine) => string): string[] {
  const lines = s.lines.map(render);
  let more = s.more;
  const size = () => lines.reduce((n, l) => n + l.length + 3, 0) + (more > 0 ? 80 : 0);
  while (lines.length > 1 && size() > MESSAGE_SECTION_BUDGET) {
    lines.pop();
    more += 1;
  }
  return more > 0 ? [...lines, `_${moreText(more)}_`] : lines;
}

export function digestToMessage(d: Digest): Message {
  const attention = d.sections.some((s) => s.key === "attention");
  return {
    title: title(d),
    summary: d.headline,
    tone: d.empty ? "info" : attention ? "warning" : "success",
    sections: [
      { text: `**${d.headline}**` },
      // Right under the headline: the trend is the first thing a PMO looks for.
      ...(d.chart ? [{ heading: d.chart.title, chart: d.chart }] : []),
      ...d.sections.map((s) => ({
        heading: s.title,
        lines: fitSection(s, (l) => lineWith(l, (name, slug) => `**${name}** \`${slug}\``, l.text)),
      })),
    ],
    context: period(d),
  };
}

export function digestToText(d: Digest): string {
  const out = [title(d), d.headline, period(d)];
  if (d.chart) out.push("", d.chart.title.toUpperCase(), d.chart.summary, ...chartText(d.chart));
  for (const s of d.sections) {
    out.push("", s.title.toUpperCase());
    const lines = sectionLines(
      s,
      (l) => lineWith(l, (name, slug) => `${name} [${slug}]`, l.text),
      moreText(s.more),
    );
    out.push(...lines.map((l) => `- ${l}`));
  }
  return `${out.join("\n")}\n`;
}

/** Escapes Markdown outside code spans, so names and quoted notes cannot turn into markup. */
function md(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_[\]<>#|])/g, "\\$1")))
    .join("");
}

export function digestToMarkdown(d: Digest): string {
  const out = [`# ${md(title(d))}`, "", `**${md(d.headline)}**`, "", `_${period(d)}_`];
  if (d.chart) {
    // The text chart in a code block, so Markdown keeps its columns and leaves its characters alone.
    out.push("", `## ${md(d.chart.title)}`, "", md(d.chart.summary), "", "```", ...chartText(d.chart), "```");
  }
  for (const s of d.sections) {
    out.push("", `## ${s.title}`, "");
    const render = (l: DigestLine) =>
      lineWith(l, (name, slug) => `**${md(name)}** (\`${slug}\`)`, md(l.text));
    out.push(...sectionLines(s, render, `_${moreText(s.more)}_`).map((l) => `- ${l}`));
  }
  return `${out.join("\n")}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Same digest, same bytes: keys sorted, two-space indent, trailing newline. */
export function digestToJson(d: Digest): string {
  return `${JSON.stringify(sortKeys(d), null, 2)}\n`;
}

/** The `--format` of `sponsor-pulse digest --print`. */
export const DigestFormatSchema = z.enum(["text", "md", "json"]);
export type DigestFormat = z.infer<typeof DigestFormatSchema>;

export function renderDigest(d: Digest, format: DigestFormat): string {
  if (format === "md") return digestToMarkdown(d);
  if (format === "json") return digestToJson(d);
  return digestToText(d);
}
