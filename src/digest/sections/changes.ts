/** "What changed since the last digest": stage moves, new lapses, recoveries, added and closed. */
import { STAGE_SHORT, stageIndex } from "../../domain/stages.js";
import { compareSlugs, quote, shortDate } from "../format.js";
import type { DigestInput, DigestLine, DigestStageMove } from "../model.js";
import type { DigestSettings } from "../settings.js";

const byTime = <T extends { at: Date; slug: string }>(a: T, b: T): number =>
  a.at.getTime() - b.at.getTime() || compareSlugs(a.slug, b.slug);

function moveText(move: DigestStageMove): string {
  const to = STAGE_SHORT[move.to];
  let text: string;
  if (move.from === null) text = `started in ${to}`;
  else if (stageIndex(move.to) < stageIndex(move.from)) text = `moved back ${STAGE_SHORT[move.from]} → ${to}`;
  else text = `${STAGE_SHORT[move.from]} → ${to}`;
  if (move.by) text += ` by ${move.by}`;
  if (move.note?.trim()) text += `: ${quote(move.note)}`;
  if (move.forcedReason?.trim()) text += ` (gate overridden: ${quote(move.forcedReason, 120)})`;
  return text;
}

export function changeLines(input: DigestInput, now: Date, settings: DigestSettings): DigestLine[] {
  const zone = settings.timeZone;
  const when = (at: Date) => shortDate(at, now, zone);
  const { stageMoves, stateChanges, added, closed } = input.events;
  const lines: DigestLine[] = [];

  // A new initiative's first stage is told by its "added" line, with who added it.
  const addedSlugs = new Set(added.map((a) => a.slug));
  const firstMoveBy = new Map(stageMoves.filter((m) => m.from === null).map((m) => [m.slug, m.by]));
  const moves = stageMoves.filter((m) => !(m.from === null && addedSlugs.has(m.slug)));
  for (const m of moves.sort(byTime)) {
    lines.push({ slug: m.slug, name: m.name, text: `${when(m.at)} · ${moveText(m)}` });
  }
  const lapses = stateChanges.filter((c) => c.kind === "lapse").sort(byTime);
  for (const c of lapses) {
    lines.push({ slug: c.slug, name: c.name, text: `${when(c.at)} · became ${c.state}` });
  }
  const recoveries = stateChanges.filter((c) => c.kind === "recovery").sort(byTime);
  for (const c of recoveries) {
    lines.push({
      slug: c.slug,
      name: c.name,
      text: `${when(c.at)} · recovered: the sponsor is ${c.state} again`,
    });
  }
  for (const a of [...added].sort(byTime)) {
    const stage = a.stage ? ` in ${STAGE_SHORT[a.stage]}` : "";
    const by = a.by ?? firstMoveBy.get(a.slug);
    lines.push({ slug: a.slug, name: a.name, text: `${when(a.at)} · added${stage}${by ? ` by ${by}` : ""}` });
  }
  for (const c of [...closed].sort(byTime)) {
    const reason = c.reason?.trim() ? `: ${quote(c.reason, 120)}` : "";
    lines.push({ slug: c.slug, name: c.name, text: `${when(c.at)} · closed${reason}` });
  }
  return lines;
}
