/**
 * The dashboard's front page: the portfolio heatmap (initiatives x weeks, grouped by stage, coloured
 * and lettered by engagement state), the engagement chart of the digest, the response-rate and
 * confidence trends over the chosen range, and the same rows as CSV.
 */

import { engagementChart } from "../charts/model.js";
import { chartSvg } from "../charts/svg.js";
import type { Chart } from "../core/chart.js";
import { STAGE_NAMES, STAGES, stageIndex } from "../domain/stages.js";
import { STATE_LABEL } from "../engagement/labels.js";
import { ENGAGEMENT_STATES, type EngagementState } from "../engagement/model.js";
import { type InitiativeWeeks, type WeekColumn, weekCounts } from "../engagement/weekly.js";
import { toCsv } from "./csv.js";
import { type Filters, queryOf, weeksOfRange } from "./filters.js";
import { esc, type Frame, page, STATE_CLASS, STATE_CODE } from "./html.js";
import type { DashboardStore, WeekResponseCounts } from "./store.js";

/** Rows per heatmap page: a screenful a person can scan; the counts, charts and CSV cover them all. */
export const PAGE_SIZE = 200;

const RANK: Record<EngagementState, number> = {
  unsponsored: 0,
  lapsed: 1,
  lapsing: 2,
  cooling: 3,
  engaged: 4,
};

export interface WeekResponse extends WeekResponseCounts {
  label: string;
}

export interface PortfolioView {
  filters: Filters;
  weeks: WeekColumn[];
  /** Every open initiative (the sponsor list offers all their sponsors). */
  all: InitiativeWeeks[];
  /** Those the filters keep: by stage, then the worst state first, then by name. */
  rows: InitiativeWeeks[];
  response: WeekResponse[];
}

export interface PortfolioPorts {
  weeks(
    workspaceId: string,
    options: { now: Date; weeks: number },
  ): Promise<{
    weeks: WeekColumn[];
    initiatives: InitiativeWeeks[];
  }>;
  responseByWeek: DashboardStore["responseByWeek"];
}

function keep(f: Filters, i: InitiativeWeeks): boolean {
  return (
    (f.stage === undefined || i.stage === f.stage) &&
    (f.state === undefined || i.current.state === f.state) &&
    (f.sponsor === undefined || i.sponsor?.personId === f.sponsor)
  );
}

export async function loadPortfolioView(
  ports: PortfolioPorts,
  workspaceId: string,
  filters: Filters,
  now: Date,
  options: { trends: boolean } = { trends: true },
): Promise<PortfolioView> {
  const grid = await ports.weeks(workspaceId, weeksOfRange(filters, now));
  // The grid comes in name order and the sort is stable: names stay in order within a stage and state
  // (comparing 5,000 names by locale cost more than the rest of the sort).
  const rows = grid.initiatives
    .filter((i) => keep(filters, i))
    .sort(
      (a, b) => stageIndex(a.stage) - stageIndex(b.stage) || RANK[a.current.state] - RANK[b.current.state],
    );
  const counts = options.trends
    ? await ports.responseByWeek(
        workspaceId,
        rows.map((r) => r.id),
        grid.weeks,
      )
    : [];
  const response = grid.weeks.map((w, i) => ({
    label: w.label,
    ...(counts[i] ?? { answered: 0, missed: 0, confidenceSum: 0, confidenceCount: 0 }),
  }));
  return { filters, weeks: grid.weeks, all: grid.initiatives, rows, response };
}

export function responseChart(response: WeekResponse[]): Chart {
  const values = response.map((w) =>
    w.answered + w.missed > 0 ? Math.round((100 * w.answered) / (w.answered + w.missed)) : null,
  );
  const known = values.filter((v): v is number => v !== null);
  const last = known[known.length - 1];
  return {
    kind: "lines",
    title: "Sponsor response rate",
    categories: response.map((w) => w.label),
    series: [{ name: "Check-ins answered", tone: "accent", values }],
    unit: "%",
    summary:
      last === undefined
        ? "No check-ins were decided in this range."
        : `Sponsors answered ${last}% of the check-ins decided in the last week shown (${known.length} of ${values.length} weeks had check-ins).`,
  };
}

export function confidenceChart(response: WeekResponse[]): Chart {
  const values = response.map((w) =>
    w.confidenceCount > 0 ? Math.round((10 * w.confidenceSum) / w.confidenceCount) / 10 : null,
  );
  const known = values.filter((v): v is number => v !== null);
  const first = known[0];
  const last = known[known.length - 1];
  return {
    kind: "lines",
    title: "Average sponsor confidence (1–5)",
    categories: response.map((w) => w.label),
    series: [{ name: "Confidence", tone: "neutral", values }],
    unit: "",
    summary:
      first === undefined || last === undefined
        ? "No sponsor gave a confidence in this range."
        : `Average confidence went from ${first} to ${last} out of 5 over the range.`,
  };
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(label)}</option>`;
}

function filterForm(view: PortfolioView): string {
  const f = view.filters;
  const sponsors = new Map<number, string>();
  for (const i of view.all) if (i.sponsor) sponsors.set(i.sponsor.personId, i.sponsor.name);
  const sponsorOptions = [...sponsors].sort((a, b) => a[1].localeCompare(b[1]));
  return `<form class="f card" method="get" action="/dashboard"><label>Stage<select name="stage">${option("", "All stages", !f.stage)}${STAGES.map((s) => option(s, STAGE_NAMES[s], f.stage === s)).join("")}</select></label><label>State<select name="state">${option("", "All states", !f.state)}${ENGAGEMENT_STATES.map((s) => option(s, STATE_LABEL[s], f.state === s)).join("")}</select></label><label>Sponsor<select name="sponsor">${option("", "All sponsors", f.sponsor === undefined)}${sponsorOptions.map(([id, name]) => option(String(id), name, f.sponsor === id)).join("")}</select></label><label>From<input type="date" name="from" value="${esc(f.from)}"></label><label>To<input type="date" name="to" value="${esc(f.to)}"></label><button type="submit">Show</button><a href="/dashboard">Reset</a></form>`;
}

function legend(): string {
  return `<div class="key" aria-label="Legend">${ENGAGEMENT_STATES.map((s) => `<span><span class="${STATE_CLASS[s]}">${STATE_CODE[s]}</span>${STATE_LABEL[s]}</span>`).join("")}<span><span class="n">–</span>not known yet (before the initiative or its sponsor)</span></div>`;
}

function counts(rows: InitiativeWeeks[]): string {
  const by = Object.fromEntries(ENGAGEMENT_STATES.map((s) => [s, 0])) as Record<EngagementState, number>;
  for (const r of rows) by[r.current.state]++;
  return `<div class="counts"><strong>${rows.length.toLocaleString("en")} initiative${rows.length === 1 ? "" : "s"}</strong>${ENGAGEMENT_STATES.map((s) => `<span>${STATE_LABEL[s]}: ${by[s].toLocaleString("en")}</span>`).join("")}</div>`;
}

function heatmap(view: PortfolioView): string {
  const f = view.filters;
  const pages = Math.max(1, Math.ceil(view.rows.length / PAGE_SIZE));
  const pageNo = Math.min(f.page, pages);
  const shown = view.rows.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  const cols = view.weeks.length + 3;
  const head = `<thead><tr><th scope="col">Initiative</th><th scope="col">Sponsor</th>${view.weeks.map((w) => `<th scope="col" class="w">${esc(w.label)}</th>`).join("")}<th scope="col">Now</th></tr></thead>`;
  const back = encodeURIComponent(queryOf(f, { page: pageNo }));
  const parts: string[] = [];
  let stage: string | undefined;
  for (const r of shown) {
    if (r.stage !== stage) {
      if (stage !== undefined) parts.push("</tbody>");
      stage = r.stage;
      const inStage = view.rows.filter((x) => x.stage === r.stage).length;
      parts.push(
        `<tbody><tr class="g"><th colspan="${cols}" scope="rowgroup">${esc(STAGE_NAMES[r.stage])} (${inStage.toLocaleString("en")})</th></tr>`,
      );
    }
    // Optional end tags and one-letter classes keep a 26-week row near 400 bytes.
    let cells = "";
    for (const s of r.states) cells += s ? `<td class=${STATE_CLASS[s]}>${STATE_CODE[s]}` : "<td class=n>–";
    const paused = r.status === "paused" ? " (paused)" : "";
    parts.push(
      `<tr><th scope=row><a href="/dashboard/initiatives/${encodeURIComponent(r.slug)}?back=${back}">${esc(r.name)}</a>${paused}<td class=s>${r.sponsor ? esc(r.sponsor.name) : "—"}${cells}<td class=s${r.current.reasons.length ? ` title="${esc(r.current.reasons.join("; "))}"` : ""}>${STATE_LABEL[r.current.state]}</tr>`,
    );
  }
  if (stage !== undefined) parts.push("</tbody>");
  const pager =
    pages > 1
      ? `<nav class="pager">Page ${pageNo} of ${pages} (${PAGE_SIZE} per page)${pageNo > 1 ? ` · <a href="/dashboard?${esc(queryOf(f, { page: pageNo - 1 }))}">previous</a>` : ""}${pageNo < pages ? ` · <a href="/dashboard?${esc(queryOf(f, { page: pageNo + 1 }))}">next</a>` : ""}</nav>`
      : "";
  if (shown.length === 0) return `<p class="muted">No open initiative matches these filters.</p>`;
  return `${pager}<div class="scroll"><table class="hm" id="heatmap"><caption class="muted">Engagement state at the end of each week${asOf(view)}</caption>${head}${parts.join("")}</table></div>${pager}`;
}

/** The instant the last week shows: a read is reused for a few minutes (src/digest/load.ts). */
function asOf(view: PortfolioView): string {
  const end = view.weeks[view.weeks.length - 1]?.end;
  if (!end) return "";
  return ` (the last one as of ${end.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
}

export function renderPortfolio(view: PortfolioView, frame: Frame, now: Date, error?: string): string {
  const q = esc(queryOf(view.filters));
  const engagement = engagementChart(weekCounts({ weeks: view.weeks, initiatives: view.rows }));
  // The model titles it "last N weeks": right when the range ends today, not for a range in the past.
  const first = view.weeks[0];
  const last = view.weeks[view.weeks.length - 1];
  if (first && last && view.filters.to < now.toISOString().slice(0, 10))
    engagement.title = `Sponsor engagement, weeks of ${first.label} to ${last.label}`;
  const chart = chartSvg(engagement, {
    width: 560,
    height: 260,
  });
  const body = [
    "<h1>Portfolio</h1>",
    error
      ? `<p class="card" role="alert"><strong>${esc(error)}</strong> Showing the defaults instead.</p>`
      : "",
    filterForm(view),
    `<section class="card">${counts(view.rows)}<p><a href="/dashboard/portfolio.csv?${q}" download>Download CSV</a> <span class="muted">(every initiative these filters show, all pages)</span></p></section>`,
    `<section><h2>Trends</h2><div class="charts"><div class="card">${chart}</div><div class="card">${chartSvg(responseChart(view.response), { width: 560, height: 260 })}</div><div class="card">${chartSvg(confidenceChart(view.response), { width: 560, height: 260 })}</div></div></section>`,
    `<section><h2>Heatmap</h2>${legend()}${heatmap(view)}</section>`,
  ];
  return page(frame, body.join(""));
}

/** What the page shows, every page of it, as CSV (one column per week). */
export function portfolioCsv(view: PortfolioView): string {
  const header = [
    "initiative",
    "slug",
    "stage",
    "status",
    "sponsor",
    "lead",
    "state",
    "reasons",
    ...view.weeks.map((w) => `week of ${w.start.toISOString().slice(0, 10)}`),
  ];
  const rows = view.rows.map((r) => [
    r.name,
    r.slug,
    r.stage,
    r.status,
    r.sponsor?.name ?? "",
    r.lead?.name ?? "",
    r.current.state,
    r.current.reasons.join("; "),
    ...r.states.map((s) => s ?? ""),
  ]);
  return toCsv([header, ...rows]);
}
