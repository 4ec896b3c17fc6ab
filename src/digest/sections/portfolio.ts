/** Portfolio counts by stage and by engagement state, with the change from the last digest. */
import { STAGE_SHORT, STAGES } from "../../domain/stages.js";
import { num, signed } from "../format.js";
import {
  type DigestInitiative,
  type DigestLine,
  type DigestSnapshot,
  DigestSnapshotSchema,
  ENGAGEMENT_STATES,
} from "../model.js";

/**
 * Counts of the active and paused initiatives (closed ones are out of the portfolio). Engagement is
 * counted for active ones only: a paused initiative's sponsor is not expected to answer.
 */
export function snapshotOf(initiatives: DigestInitiative[], now: Date): DigestSnapshot {
  const open = initiatives.filter((i) => i.status !== "closed");
  const snapshot = DigestSnapshotSchema.parse({
    at: now.toISOString(),
    total: open.length,
    paused: open.filter((i) => i.status === "paused").length,
    byStage: {},
    byState: {},
  });
  for (const i of open) {
    snapshot.byStage[i.stage] += 1;
    if (i.status === "active") snapshot.byState[i.engagement.state] += 1;
  }
  return snapshot;
}

function count(label: string, now: number, before: number | undefined): string {
  const delta = before === undefined ? "" : signed(now - before);
  return delta ? `${label} ${num(now)} (${delta})` : `${label} ${num(now)}`;
}

export function portfolioLines(current: DigestSnapshot, previous?: DigestSnapshot | null): DigestLine[] {
  const prev = previous ?? undefined;
  const stages = STAGES.map((s) => count(STAGE_SHORT[s], current.byStage[s], prev?.byStage[s]));
  const states = ENGAGEMENT_STATES.map((s) => count(s, current.byState[s], prev?.byState[s]));
  const active = current.paused > 0 ? " (active ones)" : "";
  const total = count("Total", current.total, prev?.total);
  const paused = current.paused > 0 ? `, ${current.paused} paused` : "";
  return [
    { text: `${total}${paused}${prev ? " (change since the last digest)" : ""}` },
    { text: `By stage: ${stages.join(" · ")}` },
    { text: `By engagement${active}: ${states.join(" · ")}` },
  ];
}
