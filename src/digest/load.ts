/**
 * Reads the weekly digest's input: the store's rows for the portfolio (src/digest/store.ts), the older
 * check-ins only where they can change an engagement (engagement-window.ts), the names of who answered,
 * and — the bot's reading — the sponsors' time away and asks; then the core assembles them.
 */

import { isStage } from "../domain/stages.js";
import { type PortfolioWeeks, weekColumns } from "../engagement/weekly.js";
import type { CoreDeps } from "../ports/deps.js";
import type { SponsorPorts } from "../sponsors/facts.js";
import { assembleDigestInput, CHECKIN_HISTORY_MS, type DigestData, TREND_HISTORY_MS } from "./assemble.js";
import { addAsksAndDecisions, type DecisionPorts } from "./decisions.js";
import { needsEarlierCheckins } from "./engagement-window.js";
import {
  type CheckinRowFact,
  type DigestFacts,
  type DigestRows,
  type StageMoveFact,
  sponsorScope,
} from "./facts.js";
import { type DigestSnapshot, parseSnapshot } from "./model.js";
import { loadPortfolioWeeks, portfolioWeekCounts, standIns } from "./portfolio-weeks.js";
import { readSponsorFacts } from "./sponsor-reading.js";
import type { DigestPosts, DigestReads, DigestStore } from "./store.js";

export interface DigestPeriod {
  now: Date;
  since: Date;
  /** One PMO channel's initiatives (those without a channel belong to the default one); all when absent. */
  channelId?: string;
}

/** Weeks in the digest's engagement chart. */
export const CHART_WEEKS = 8;

export interface DigestReadPorts {
  digests: DigestReads;
  /** The bot's reading: time away and overdue asks count, with the asks and decisions sections. */
  sponsors?: SponsorPorts & DecisionPorts & { defaultTz: string };
}

/** The latest valid snapshot per channel (an unfilled "{}" row is skipped). */
function latestSnapshots(rows: DigestRows["snapshots"]): DigestSnapshot[] {
  const previous = new Map<string, DigestSnapshot>();
  for (const row of rows) {
    if (previous.has(row.channelId)) continue;
    const snapshot = parseSnapshot(row.snapshot);
    if (snapshot) previous.set(row.channelId, snapshot);
  }
  return [...previous.values()];
}

/** Stage moves whose stages are still stages. */
function stageMoves(rows: DigestRows["stageMoves"]): StageMoveFact[] {
  return rows.flatMap((m) =>
    isStage(m.to) ? [{ ...m, to: m.to, from: m.from && isStage(m.from) ? m.from : null }] : [],
  );
}

/**
 * The recent check-ins and, for the initiatives whose engagement needs them, the older ones of the
 * 26-week look-back: at 5,000 initiatives 40,000 rows instead of 130,000, with the same digest.
 */
async function checkinsOfLookBack(
  digests: DigestReads,
  workspaceId: string,
  rows: DigestRows,
  window: { historyFrom: number; recentFrom: number; now: Date },
): Promise<CheckinRowFact[]> {
  const recent = rows.checkins;
  // When each initiative's older answers were known: a later one there would reorder the recent ones.
  // Only those known after the first recent answer can: the rest of the 18 weeks need not be grouped.
  let knownFrom = Number.POSITIVE_INFINITY;
  for (const c of recent)
    if (c.status === "answered") knownFrom = Math.min(knownFrom, (c.answeredAt ?? c.dueAt).getTime());
  const known = Number.isFinite(knownFrom)
    ? await digests.answersKnown(workspaceId, {
        dueFrom: new Date(window.historyFrom),
        dueTo: new Date(window.recentFrom),
        knownFrom: new Date(knownFrom),
        knownTo: window.now,
      })
    : [];
  const needed = needsEarlierCheckins({
    initiatives: rows.initiatives,
    roles: rows.roles,
    recent,
    earlierAnswerAt: new Map(known.map((k) => [k.initiativeId, k.at])),
    now: window.now,
  });
  if (needed.length === 0) return recent;
  const older = await digests.checkinsOf(workspaceId, needed, {
    from: new Date(window.historyFrom),
    to: new Date(window.recentFrom),
  });
  return older.length ? [...older, ...recent] : recent;
}

/**
 * Who answered, by name: the current sponsors and leads are known already; the others (delegates,
 * former sponsors) are looked up, a handful of people instead of one per check-in. And the last answer
 * of initiatives with none among the check-ins read (so "no answer since" is right).
 */
async function namesAndLastAnswers(
  digests: DigestReads,
  workspaceId: string,
  rows: DigestRows,
  checkins: CheckinRowFact[],
  now: Date,
): Promise<DigestFacts["lastAnswers"]> {
  const nameOf = new Map(rows.roles.map((r) => [r.personId, r.name] as const));
  const others = new Set<number>();
  const answered = new Set<number>();
  for (const c of checkins) {
    if (c.status === "answered") answered.add(c.initiativeId);
    if (c.answeredByPersonId !== null && !nameOf.has(c.answeredByPersonId)) others.add(c.answeredByPersonId);
  }
  const silent = rows.initiatives
    .filter((i) => i.status !== "closed" && !answered.has(i.id))
    .map((i) => i.id);
  const [people, lastAnswers] = await Promise.all([
    others.size ? digests.names(workspaceId, [...others]) : [],
    silent.length ? digests.lastAnswers(workspaceId, silent, now) : [],
  ]);
  for (const p of people) nameOf.set(p.id, p.name);
  for (const c of checkins)
    if (c.answeredByPersonId !== null) c.answeredBy = nameOf.get(c.answeredByPersonId) ?? null;
  return lastAnswers;
}

/** The digest input of a workspace (or one PMO channel) for the period ending `now`. */
export async function loadDigest(
  ports: DigestReadPorts,
  workspaceId: string,
  period: DigestPeriod,
): Promise<DigestData> {
  const { now, since } = period;
  const { digests } = ports;
  const historyFrom = now.getTime() - CHECKIN_HISTORY_MS;
  // Every initiative's recent check-ins (the trend's 8 weeks, or back to the period's start).
  const recentFrom = Math.max(historyFrom, Math.min(now.getTime() - TREND_HISTORY_MS, since.getTime()));
  const rows = await digests.load(workspaceId, { ...period, checkinsFrom: new Date(recentFrom) });
  const scope = sponsorScope(rows.initiatives, rows.roles);
  const sponsorPorts = ports.sponsors;
  const [read, checkins] = await Promise.all([
    readSponsorFacts(sponsorPorts, workspaceId, scope),
    checkinsOfLookBack(digests, workspaceId, rows, { historyFrom, recentFrom, now }),
  ]);
  const lastAnswers = await namesAndLastAnswers(digests, workspaceId, rows, checkins, now);
  const facts: DigestFacts = {
    workspace: rows.workspace,
    initiatives: rows.initiatives,
    roles: rows.roles,
    stageMoves: stageMoves(rows.stageMoves),
    checkins,
    lastAnswers,
    escalations: rows.escalations,
    previousSnapshots: latestSnapshots(rows.snapshots),
    ...(read ? { sponsors: read.sponsors } : {}),
  };
  const chartWeeks = weekColumns(now, CHART_WEEKS, rows.workspace.tz ?? sponsorPorts?.defaultTz ?? "UTC");
  const before = await standIns(ports, workspaceId, facts, chartWeeks[0]?.end ?? now, new Date(recentFrom));
  const engagementWeeks = portfolioWeekCounts(
    facts,
    before,
    chartWeeks,
    now,
    sponsorPorts?.defaultTz ?? "UTC",
  );
  const data = {
    ...assembleDigestInput(facts, { now, since }),
    ...(rows.sponsorsWithoutBot === undefined ? {} : { sponsorsWithoutBot: rows.sponsorsWithoutBot }),
    engagementWeeks,
  };
  if (!read || !sponsorPorts) return data;
  return addAsksAndDecisions(sponsorPorts, workspaceId, data, {
    scope,
    open: read.reading.pending,
    settings: rows.workspace.settings,
  });
}

/** The digest as the bot reads and posts it: what `/pulse digest`, the weekly job and the CLI use. */
export interface Digests extends DigestPosts {
  load(workspaceId: string, period: DigestPeriod): Promise<DigestData>;
  /** The last `weeks` calendar weeks of the open initiatives, each one's state at each week's end. */
  weeks(workspaceId: string, options: { now: Date; weeks: number }): Promise<PortfolioWeeks>;
}

/** Digests over a store, read with what sponsors' real weeks know (time away, asks, decisions). */
export function createDigests(store: DigestStore, deps: CoreDeps): Digests {
  const ports: DigestReadPorts = {
    digests: store,
    sponsors: {
      sponsors: deps.sponsors,
      asks: deps.asks,
      store: deps.store,
      defaultTz: deps.config.defaultTz,
    },
  };
  return {
    load: (workspaceId, period) => loadDigest(ports, workspaceId, period),
    weeks: recentlyRead((workspaceId, options) =>
      loadPortfolioWeeks({ ...ports, defaultTz: deps.config.defaultTz }, workspaceId, options),
    ),
    channels: (workspaceId) => store.channels(workspaceId),
    lastPostedAt: (workspaceId, channelId) => store.lastPostedAt(workspaceId, channelId),
    save: (input, message) => store.save(input, message),
    periodDone: (workspaceId, periodKey) => store.periodDone(workspaceId, periodKey),
    markPeriodDone: (workspaceId, periodKey, at) => store.markPeriodDone(workspaceId, periodKey, at),
  };
}

/** A portfolio's weeks are read again when older than this, and meanwhile the older read is shown. */
export const WEEKS_FRESH_MS = 60_000;
/** A read older than this is not shown: the page waits for a new one. */
export const WEEKS_SHOWN_MS = 5 * 60_000;
const WEEKS_KEPT = 16;

type WeeksReader = Digests["weeks"];

interface KeptRead {
  at: number;
  weeks: Promise<PortfolioWeeks>;
  done: boolean;
  refreshing: boolean;
}

/**
 * The weeks of a portfolio read for an instant up to a minute earlier are reused, and up to five
 * minutes earlier shown while a new read runs: at 5,000 initiatives a read is 150,000 check-ins and
 * 130,000 replays (~400 ms, bench: dashboard), and every filter and page of the dashboard asks. The
 * page says what instant it shows (the last week's end). A failed read is not kept.
 */
function recentlyRead(read: WeeksReader): WeeksReader {
  const kept = new Map<string, KeptRead>();
  const keep = (key: string, at: number, options: { now: Date; weeks: number }, workspaceId: string) => {
    const entry: KeptRead = { at, weeks: read(workspaceId, options), done: false, refreshing: false };
    entry.weeks.then(
      () => {
        entry.done = true;
      },
      () => {
        if (kept.get(key) === entry) kept.delete(key);
      },
    );
    return entry;
  };
  return (workspaceId, options) => {
    const at = options.now.getTime();
    const key = `${workspaceId} ${options.weeks}`;
    const hit = kept.get(key);
    const age = hit ? at - hit.at : Number.NaN;
    if (hit && age >= 0 && age < WEEKS_FRESH_MS) return hit.weeks;
    if (hit?.done && age >= 0 && age < WEEKS_SHOWN_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const next = keep(key, at, options, workspaceId);
        next.weeks.then(
          () => {
            if (kept.get(key) === hit) kept.set(key, next);
          },
          () => {
            hit.refreshing = false;
          },
        );
      }
      return hit.weeks;
    }
    const entry = keep(key, at, options, workspaceId);
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > WEEKS_KEPT) kept.delete(kept.keys().next().value as string);
    return entry.weeks;
  };
}
