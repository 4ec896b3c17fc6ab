/**
 * One initiative's page: its stage timeline, its check-in history with the answers, confidence and
 * notes, the reasons for its current state, and its asks. Read from the same ports `/initiative show`
 * and `/ask list` read, scoped to the session's workspace.
 */
import { STAGE_NAMES, STAGES, stageIndex } from "../domain/stages.js";
import type { Initiative, Person } from "../domain/types.js";
import { STATE_LABEL } from "../engagement/labels.js";
import type { CoreDeps } from "../ports/deps.js";
import { esc, type Frame, page, stateBadge } from "./html.js";

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
const CHOICE: Record<string, string> = {
  active: "Actively sponsoring",
  limited: "Limited time",
  handover: "Hand over",
};

export type InitiativePorts = Pick<CoreDeps, "store" | "checkins" | "asks" | "insights">;

/** The initiative of this workspace with this slug (exactly), if any. */
export async function findBySlug(
  ports: Pick<CoreDeps, "store">,
  workspaceId: string,
  slug: string,
): Promise<Initiative | undefined> {
  const names = ports.store.initiativeNames
    ? await ports.store.initiativeNames(workspaceId)
    : await ports.store.listInitiatives(workspaceId);
  const hit = names.find((n) => n.slug === slug);
  return hit ? ports.store.getInitiative(workspaceId, hit.id) : undefined;
}

const names = (people: Person[]) => (people.length ? people.map((p) => esc(p.displayName)).join(", ") : "—");

export async function renderInitiative(
  ports: InitiativePorts,
  initiative: Initiative,
  frame: Frame,
  now: Date,
  back: string,
): Promise<string> {
  const ws = initiative.workspaceId;
  const [moves, checkins, asks, engagement] = await Promise.all([
    ports.store.stageHistory(ws, initiative.id),
    ports.checkins.history(ws, [initiative.id], new Date(0)),
    ports.asks.listAsks(ws, { initiativeIds: [initiative.id] }),
    ports.insights.engagement(ws, [initiative], now),
  ]);
  const people = new Map<number, string>();
  for (const p of [...initiative.sponsors, ...initiative.leads]) people.set(p.id, p.displayName);
  const nameOf = async (id: number | null) => {
    if (id === null) return "";
    if (!people.has(id)) people.set(id, (await ports.store.getPerson(ws, id))?.displayName ?? `#${id}`);
    return people.get(id) ?? "";
  };

  const state = engagement.get(initiative.id);
  const current = state
    ? `<p>${stateBadge(state.state, STATE_LABEL[state.state])}${state.away ? ` <span class="muted">(${esc(state.away)})</span>` : ""}</p>${state.reasons.length ? `<ul>${state.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>` : `<p class="muted">No negative signal: the sponsor answered the latest check-in.</p>`}`
    : `<p class="muted">${initiative.status === "closed" ? "Closed initiatives have no engagement state." : "No engagement state yet."}</p>`;

  // The timeline: the five stages in order, each with when it was (last) entered.
  const entered = new Map<string, Date>();
  for (const m of moves) entered.set(m.toStage, m.at);
  const timeline = `<ol class="tl">${STAGES.map((s) => {
    const at = entered.get(s);
    const isNow = s === initiative.stage;
    const reached = at !== undefined || stageIndex(s) <= stageIndex(initiative.stage);
    return `<li${isNow ? ' class="now" aria-current="step"' : ""}>${esc(STAGE_NAMES[s])}<br><span class="muted">${at ? `entered ${day(at)}` : reached ? "skipped" : "not yet"}${isNow ? " · now" : ""}</span></li>`;
  }).join("")}</ol>`;
  const moveRows = moves
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${day(m.at)}</td><td>${m.fromStage ? esc(STAGE_NAMES[m.fromStage]) : "—"} → ${esc(STAGE_NAMES[m.toStage])}</td><td>${esc(m.by ?? "")}</td><td>${esc(m.note ?? "")}${m.forcedReason ? ` <em>(gate forced: ${esc(m.forcedReason)})</em>` : ""}</td></tr>`,
    )
    .join("");

  const checkinRows: string[] = [];
  for (const c of checkins.slice().reverse()) {
    const who =
      c.status === "answered"
        ? await nameOf(c.answeredByPersonId ?? c.sponsorPersonId)
        : await nameOf(c.sponsorPersonId);
    checkinRows.push(
      `<tr><td>${day(c.dueAt)}</td><td>${esc(c.status)}${c.answeredAt ? ` ${day(c.answeredAt)}` : ""}</td><td>${esc(who)}</td><td>${c.choice ? esc(CHOICE[c.choice] ?? c.choice) : ""}</td><td>${c.confidence ?? ""}</td><td>${esc(c.note ?? "")}</td></tr>`,
    );
  }

  const askRows: string[] = [];
  for (const a of asks) {
    askRows.push(
      `<tr><td>#${a.id}</td><td>${esc(a.text)}</td><td>${esc(a.status)}</td><td>${esc(await nameOf(a.sponsorPersonId))}</td><td>${day(a.createdAt)}</td><td>${day(a.dueAt)}</td><td>${esc(a.response ?? "")}</td></tr>`,
    );
  }

  const table = (head: string[], rows: string, empty: string) =>
    rows
      ? `<div class="scroll"><table class="t"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table></div>`
      : `<p class="muted">${empty}</p>`;

  const body = [
    `<p><a href="/dashboard${back ? `?${esc(back)}` : ""}">← Portfolio</a></p>`,
    `<h1>${esc(initiative.name)}</h1>`,
    `<section class="card"><p>${esc(STAGE_NAMES[initiative.stage])} since ${day(initiative.stageEnteredAt)} · ${esc(initiative.status)}${initiative.statusReason ? ` (${esc(initiative.statusReason)})` : ""} · cadence ${esc(initiative.cadence)}</p><p>Sponsor: ${names(initiative.sponsors)} · Lead: ${names(initiative.leads)}</p><p>Success metric: ${esc(initiative.successMetric ?? "not defined yet")}<br>Data readiness: ${esc(initiative.dataReadiness ?? "not assessed yet")}</p></section>`,
    `<section class="card"><h2>Engagement now</h2>${current}</section>`,
    `<section><h2>Stage timeline</h2>${timeline}${table(["Date", "Move", "By", "Note"], moveRows, "No stage moves yet.")}</section>`,
    `<section><h2>Check-ins</h2>${table(["Due", "Status", "Sponsor", "Answer", "Confidence", "What they need"], checkinRows.join(""), "No check-ins yet.")}</section>`,
    `<section><h2>Asks</h2>${table(["Ask", "What", "Status", "Sponsor", "Asked", "Due", "Response"], askRows.join(""), "No asks.")}</section>`,
  ];
  return page({ ...frame, title: initiative.name }, body.join(""));
}
