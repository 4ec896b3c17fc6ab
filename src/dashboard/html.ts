/**
 * HTML building blocks of the dashboard: escaping, the page frame and its one stylesheet. Everything
 * a person or a platform typed goes through `esc`; the stylesheet is inline and allowed by its hash
 * in the Content-Security-Policy, so the page needs no other request and runs no script.
 */
import { createHash } from "node:crypto";
import { PALETTE } from "../charts/model.js";
import { ENGAGEMENT_STATES, type EngagementState } from "../engagement/model.js";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** One short class per heatmap cell (the HTML of 5,000 x 26 cells stays small); "n": not known. */
export const STATE_CLASS: Record<EngagementState, string> = {
  engaged: "e",
  cooling: "c",
  lapsing: "l",
  lapsed: "x",
  unsponsored: "u",
};

/** The letter each cell shows, so colour is never the only signal (explained in the legend). */
export const STATE_CODE: Record<EngagementState, string> = {
  engaged: "E",
  cooling: "C",
  lapsing: "L",
  lapsed: "X",
  unsponsored: "U",
};

/** Text on each colour, chosen for contrast against it. */
const INK_ON: Record<EngagementState, string> = {
  engaged: "#fff",
  cooling: "#000",
  lapsing: "#000",
  lapsed: "#000",
  unsponsored: "#000",
};

const cellColours = ENGAGEMENT_STATES.map(
  (s) => `.hm td.${STATE_CLASS[s]},.key .${STATE_CLASS[s]}{background:${PALETTE[s]};color:${INK_ON[s]}}`,
).join("");

export const STYLE = `*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#f6f7f9}
header{background:#1f2937;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:baseline;flex-wrap:wrap}header a{color:#fff}header .who{margin-left:auto;opacity:.85}
main{padding:1em 1.2em;max-width:100%}h1{font-size:1.3em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
a{color:#0b5cad}.card{background:#fff;border:1px solid #dde;border-radius:6px;padding:.8em 1em;margin:0 0 1em}
form.f{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:end}form.f label{display:flex;flex-direction:column;font-size:.85em;color:#444}
form.f select,form.f input{font:inherit;padding:.2em .3em}form.f button{font:inherit;padding:.3em 1em}
.counts{display:flex;flex-wrap:wrap;gap:.4em 1.2em;margin:.3em 0}.charts{display:flex;flex-wrap:wrap;gap:1em}.charts svg{max-width:100%;height:auto}
.key{display:flex;flex-wrap:wrap;gap:.3em 1em;margin:.4em 0;font-size:.9em}.key span{display:inline-block;min-width:1.6em;text-align:center;font-weight:600;border-radius:3px;margin-right:.3em}
.scroll{overflow-x:auto}.hm{border-collapse:collapse;font-size:12px}.hm th,.hm td{padding:1px 3px;border:1px solid #fff}
.hm thead th{font-weight:500;color:#555;white-space:nowrap}.hm thead th.w{writing-mode:vertical-rl;transform:rotate(180deg);height:4.5em}
.hm tbody th{text-align:left;font-weight:400;white-space:nowrap;max-width:22em;overflow:hidden;text-overflow:ellipsis}
.hm td{text-align:center;min-width:1.7em;font-weight:600}.hm td.s{text-align:left;font-weight:400;white-space:nowrap;color:#444}
.hm tr.g th{background:#e8ebf0;font-weight:600;padding:.3em .5em}${cellColours}
.hm td.n,.key .n{background:#eef0f3;color:#999}.pager{margin:.6em 0}.muted{color:#666}
table.t{border-collapse:collapse;width:100%;background:#fff}table.t th,table.t td{border-bottom:1px solid #e3e6ea;padding:.35em .5em;text-align:left;vertical-align:top}
ol.tl{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5em}ol.tl li{background:#fff;border:1px solid #dde;border-radius:4px;padding:.3em .6em}ol.tl li.now{border-color:#0072B2;font-weight:600}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;font-weight:600}`;

/** The stylesheet's hash, the only style the Content-Security-Policy allows. */
export const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

export interface Frame {
  title: string;
  /** Workspace name and the signed-in person, shown in the header; absent on the sign-in pages. */
  who?: { workspace: string; person: string };
  /** Moves on to this same-site path at once (no script needed). */
  refreshTo?: string;
}

/** A whole HTML document around `body` (already escaped HTML). */
export function page(frame: Frame, body: string): string {
  const header = frame.who
    ? `<header><strong><a href="/dashboard">Sponsor Pulse</a></strong><span>${esc(frame.who.workspace)}</span><span class="who">${esc(frame.who.person)}</span></header>`
    : "<header><strong>Sponsor Pulse</strong></header>";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">${frame.refreshTo ? `<meta http-equiv="refresh" content="0;url=${esc(frame.refreshTo)}">` : ""}<title>${esc(frame.title)} · Sponsor Pulse</title><style>${STYLE}</style></head><body>${header}<main>${body}</main></body></html>`;
}

/** A state as a coloured badge with its name (the colour repeats what the text says). */
export function stateBadge(state: EngagementState, label: string): string {
  return `<span class="badge key"><span class="${STATE_CLASS[state]}">${STATE_CODE[state]}</span>${esc(label)}</span>`;
}
