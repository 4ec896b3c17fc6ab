/**
 * Builds the weekly PMO digest from plain facts: a pure function of (input, now, settings), so the
 * scheduled post, `/pulse digest` and `sponsor-pulse digest --print` all say the same thing.
 */
import { engagementChart } from "../charts/model.js";
import type { Chart } from "../core/chart.js";
import { num, plural } from "./format.js";
import type { Digest, DigestInput, DigestLine, DigestSection, DigestSectionKey } from "./model.js";
import { noteLine, notesInOrder } from "./sections/asks.js";
import { attentionLines, needsConversation } from "./sections/attention.js";
import { changeLines } from "./sections/changes.js";
import { decisionLines } from "./sections/decisions.js";
import { portfolioLines, snapshotOf } from "./sections/portfolio.js";
import { responseLines, trendOf } from "./sections/response.js";
import { findStuck, stuckHeadline, stuckLine } from "./sections/stuck.js";
import { type DigestSettingsInput, DigestSettingsSchema } from "./settings.js";

export const SECTION_TITLES: Record<DigestSectionKey, string> = {
  welcome: "Nothing to report yet",
  attention: "Needs attention",
  changes: "What changed",
  stuck: "Stuck beyond the stage threshold",
  portfolio: "Portfolio",
  response: "Sponsor response",
  asks: "What sponsors asked for",
  decisions: "Decisions waiting on sponsors",
};

/** A line longer than this is cut: the digest is read in under a minute, details live in `/initiative show`. */
export const MAX_LINE_CHARS = 320;

function clamp(line: DigestLine): DigestLine {
  if (line.text.length <= MAX_LINE_CHARS) return line;
  return { ...line, text: `${line.text.slice(0, MAX_LINE_CHARS - 1).trimEnd()}…` };
}

function section(key: DigestSectionKey, lines: DigestLine[], max = Number.POSITIVE_INFINITY): DigestSection {
  return cappedSection(key, lines, max, (line) => line);
}

/** A section whose lines are written only for the items shown (thousands stuck, ten lines). */
function cappedSection<T>(
  key: DigestSectionKey,
  items: T[],
  max: number,
  toLine: (item: T) => DigestLine,
): DigestSection {
  const shown = items.slice(0, max).map((item) => clamp(toLine(item)));
  return { key, title: SECTION_TITLES[key], lines: shown, more: Math.max(0, items.length - max) };
}

function hasEvents(input: DigestInput): boolean {
  const e = input.events;
  return e.stageMoves.length + e.stateChanges.length + e.added.length + e.closed.length > 0;
}

/** The engagement chart, when there are weeks with something in them to draw. */
function chartOf(input: DigestInput): Chart | undefined {
  const weeks = input.engagementWeeks ?? [];
  const drawn = weeks.some((w) => Object.values(w.counts).some((n) => n > 0));
  return drawn ? engagementChart(weeks) : undefined;
}

export function buildDigest(input: DigestInput, now: Date, settings: DigestSettingsInput = {}): Digest {
  const config = DigestSettingsSchema.parse(settings);
  const max = config.maxLinesPerSection;
  const initiatives = input.initiatives.filter((i) => i.status !== "closed");
  const scoped: DigestInput = { ...input, initiatives };
  const snapshot = snapshotOf(initiatives, now);
  const base = {
    workspaceName: input.workspaceName,
    periodStart: input.periodStart.toISOString(),
    periodEnd: input.periodEnd.toISOString(),
  };

  if (initiatives.length === 0 && !hasEvents(input)) {
    return {
      ...base,
      headline: "No initiatives yet",
      empty: true,
      sections: [
        section("welcome", [
          { text: "The portfolio is empty, so there is nothing to chase this week." },
          {
            text: "Add the first initiative with `/initiative add <name> --sponsor @who --lead @who`, or import a CSV with `sponsor-pulse import <file.csv>`.",
          },
        ]),
      ],
      snapshot,
    };
  }

  const stuck = findStuck(initiatives, now, config);
  const attention = attentionLines(scoped, now, config);
  const sections = [
    section("attention", attention, max),
    section("changes", changeLines(scoped, now, config), max),
    cappedSection("stuck", stuck, max, stuckLine),
    section("portfolio", initiatives.length ? portfolioLines(snapshot, input.previousSnapshot) : []),
    section("response", responseLines(input.response ?? trendOf(input.checkins, now.getTime()))),
    cappedSection("asks", notesInOrder(input.notes), max, (n) => noteLine(n, now, config)),
    section("decisions", decisionLines(input.decisions), max),
  ].filter((s) => s.lines.length > 0);

  const conversations = initiatives.filter(needsConversation).length;
  const parts = [plural(initiatives.length, "initiative")];
  if (conversations > 0) {
    parts.push(`${num(conversations)} ${conversations === 1 ? "needs" : "need"} a sponsor conversation`);
  }
  const stuckPart = stuckHeadline(stuck);
  if (stuckPart) parts.push(stuckPart);
  if (attention.length === 0 && !stuckPart && initiatives.length > 0)
    parts.push("nothing needs you this week");

  const chart = chartOf(scoped);
  return {
    ...base,
    headline: parts.join(" · "),
    empty: false,
    sections,
    ...(chart ? { chart } : {}),
    snapshot,
  };
}
