/**
 * The portfolio week by week (src/engagement/weekly.ts) from the digest's facts: each open
 * initiative's engagement replayed at the end of each calendar week, with the engagement builder the
 * digest, `/initiative show` and the escalation job use.
 *
 * The check-ins read start a few weeks before the first week; an initiative with no answer among them
 * gets its latest earlier answer as a stand-in (so its silence is counted from it, as the digest does
 * without the sponsors' weeks). Older confidences and misses are not read: the first weeks can show a
 * milder state than a full replay would, never a harsher one from missing data.
 */
import { DAY } from "../core/clock.js";
import { engagementInput, indexSponsorWeeks } from "../engagement/facts.js";
import type { EngagementInput, EngagementState } from "../engagement/model.js";
import { engagementOverTime, statesAt } from "../engagement/state.js";
import { type EngagementSettings, parseEngagementSettings } from "../engagement/thresholds.js";
import {
  emptyCounts,
  type InitiativeWeeks,
  type Person,
  type PortfolioWeeks,
  type WeekColumn,
  type WeekCounts,
  weekColumns,
} from "../engagement/weekly.js";
import { groupBy, sponsorshipOf } from "./assemble.js";
import type { CheckinRowFact, DigestFacts, InitiativeFact, RoleFact } from "./facts.js";
import { sponsorScope } from "./facts.js";
import type { DigestReadPorts } from "./load.js";
import { readSponsorFacts } from "./sponsor-reading.js";

/** Check-ins read before the first week, so its state is not read from a blank history. */
export const WEEKS_LEAD_IN_MS = 28 * DAY;

export type WeeksFacts = Pick<DigestFacts, "workspace" | "initiatives" | "roles" | "checkins" | "sponsors">;

/**
 * Open initiatives with no answer among the check-ins read that was known by `by`: they need a stand-in
 * (their latest answer before the check-ins read).
 */
export function needingStandIn(facts: Pick<WeeksFacts, "initiatives" | "checkins">, by: Date): number[] {
  const answered = new Set<number>();
  const t = by.getTime();
  for (const c of facts.checkins)
    if (c.status === "answered" && (c.answeredAt ?? c.dueAt).getTime() <= t) answered.add(c.initiativeId);
  return facts.initiatives.filter((i) => i.status !== "closed" && !answered.has(i.id)).map((i) => i.id);
}

function firstOf(roles: RoleFact[], role: RoleFact["role"]): Person | null {
  const r = roles.find((x) => x.role === role);
  return r ? { personId: r.personId, name: r.name } : null;
}

type OpenInitiative = InitiativeFact & { status: InitiativeWeeks["status"] };
const isOpen = (i: InitiativeFact): i is OpenInitiative => i.status !== "closed";

interface Replayed {
  initiative: OpenInitiative;
  roles: RoleFact[];
  input: EngagementInput;
  /** Week ends before this are not known: before the initiative existed or its sponsor was named. */
  knownFrom: number;
}

/** Each open initiative's engagement input, the one builder's, with its stand-in answer if any. */
function eachOpen(
  facts: WeeksFacts,
  answeredBefore: ReadonlyMap<number, Date>,
  now: Date,
  defaultTz: string,
  settings: EngagementSettings,
  visit: (r: Replayed) => void,
): void {
  const roles = groupBy(facts.roles, (r) => r.initiativeId);
  const checkins = groupBy<CheckinRowFact>(facts.checkins, (c) => c.initiativeId);
  const sponsorWeeks = facts.sponsors ? indexSponsorWeeks(facts.sponsors) : undefined;
  const fallbackTz = facts.workspace.tz ?? defaultTz;
  for (const i of facts.initiatives) {
    if (!isOpen(i)) continue;
    const own = roles.get(i.id) ?? [];
    const standIn = answeredBefore.get(i.id);
    const input = engagementInput(
      i.id,
      sponsorshipOf(i, own, fallbackTz),
      {
        checkins: checkins.get(i.id) ?? [],
        ...(sponsorWeeks ? { weeks: sponsorWeeks } : {}),
        ...(standIn ? { lastAnswerAt: standIn } : {}),
      },
      now,
      settings,
    );
    const knownFrom = Math.max(i.createdAt.getTime(), input.hasSponsor ? input.sponsorSince.getTime() : 0);
    visit({ initiative: i, roles: own, input, knownFrom });
  }
}

/** The grid, pure: `answeredBefore` holds the stand-ins (see the module's comment). */
export function portfolioWeeks(
  facts: WeeksFacts,
  answeredBefore: ReadonlyMap<number, Date>,
  weeks: WeekColumn[],
  now: Date,
  defaultTz: string,
): PortfolioWeeks {
  const settings = parseEngagementSettings(facts.workspace.settings);
  const ends = weeks.map((w) => w.end.getTime());
  const initiatives: InitiativeWeeks[] = [];
  eachOpen(facts, answeredBefore, now, defaultTz, settings, ({ initiative: i, roles, input, knownFrom }) => {
    const { states, current } = engagementOverTime(input, now, ends, settings);
    initiatives.push({
      id: i.id,
      slug: i.slug,
      name: i.name,
      stage: i.stage,
      status: i.status,
      sponsor: firstOf(roles, "sponsor"),
      lead: firstOf(roles, "lead"),
      states: states.map((s, w) => ((ends[w] as number) < knownFrom ? null : s)),
      current,
    });
  });
  initiatives.sort((a, b) => a.name.localeCompare(b.name));
  return { weeks, initiatives };
}

/**
 * {@link weekCounts} of {@link portfolioWeeks} without the grid: the digest's chart wants the counts
 * only, and the rows, their order and each one's current reasons were a third of its cost.
 */
export function portfolioWeekCounts(
  facts: WeeksFacts,
  answeredBefore: ReadonlyMap<number, Date>,
  weeks: WeekColumn[],
  now: Date,
  defaultTz: string,
): WeekCounts[] {
  const settings = parseEngagementSettings(facts.workspace.settings);
  const ends = weeks.map((w) => w.end.getTime());
  const out = weeks.map((w) => ({ label: w.label, end: w.end, counts: emptyCounts() }));
  eachOpen(facts, answeredBefore, now, defaultTz, settings, ({ input, knownFrom }) => {
    const states = statesAt(input, now, ends, settings);
    for (let w = 0; w < states.length; w++)
      if ((ends[w] as number) >= knownFrom) (out[w] as WeekCounts).counts[states[w] as EngagementState]++;
  });
  return out;
}

/** The stand-ins of the initiatives that need one: their latest answer before the check-ins read. */
export async function standIns(
  ports: DigestReadPorts,
  workspaceId: string,
  facts: Pick<WeeksFacts, "initiatives" | "checkins">,
  firstWeekEnd: Date,
  readFrom: Date,
): Promise<Map<number, Date>> {
  const ids = needingStandIn(facts, firstWeekEnd);
  if (ids.length === 0) return new Map();
  const rows = await ports.digests.lastAnswers(workspaceId, ids, readFrom);
  return new Map(rows.map((r) => [r.initiativeId, r.answeredAt]));
}

/** The last `weeks` calendar weeks of a workspace's open initiatives (the dashboard's heatmap). */
export async function loadPortfolioWeeks(
  ports: DigestReadPorts & { defaultTz: string },
  workspaceId: string,
  options: { now: Date; weeks: number },
): Promise<PortfolioWeeks> {
  const { now } = options;
  // The zone is known once the rows are read: a day's margin covers any zone's Monday.
  const from = new Date(now.getTime() - options.weeks * 7 * DAY - DAY - WEEKS_LEAD_IN_MS);
  const rows = await ports.digests.load(workspaceId, {
    now,
    since: from,
    checkinsFrom: from,
    weeksOnly: true,
  });
  const weeks = weekColumns(now, options.weeks, rows.workspace.tz ?? ports.defaultTz);
  const scope = sponsorScope(rows.initiatives, rows.roles);
  const [read, before] = await Promise.all([
    readSponsorFacts(ports.sponsors, workspaceId, scope),
    standIns(ports, workspaceId, rows, weeks[0]?.end ?? now, from),
  ]);
  const facts: WeeksFacts = {
    workspace: rows.workspace,
    initiatives: rows.initiatives,
    roles: rows.roles,
    checkins: rows.checkins,
    ...(read ? { sponsors: read.sponsors } : {}),
  };
  return portfolioWeeks(facts, before, weeks, now, ports.defaultTz);
}
