/**
 * The recent-window rule (engagement-window.ts) with what the bot adds: time away and overdue asks
 * (the one-pass digest), and the loader's narrower read of older answers (only those known after the
 * first recent answer). Each must leave the digest's engagement exactly that of the full look-back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleDigestInput, TREND_HISTORY_MS } from "../../../src/digest/assemble.js";
import { needsEarlierCheckins } from "../../../src/digest/engagement-window.js";
import type { CheckinRowFact, DigestFacts, RoleFact, SponsorFacts } from "../../../src/digest/facts.js";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T07:00:00Z");
const SINCE = new Date(NOW.getTime() - 7 * DAY);
const at = (days: number) => new Date(NOW.getTime() - days * DAY);

const checkin = fc
  .record({
    weeksAgo: fc.integer({ min: 0, max: 25 }),
    sponsor: fc.constantFrom(1, 2, 3), // 3 is a former sponsor
    status: fc.constantFrom("answered", "answered", "missed", "cancelled", "open"),
    choice: fc.constantFrom(null, "active", "active", "limited", "handover"),
    confidence: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
    answerDelayDays: fc.integer({ min: 0, max: 80 }), // some answered months late, some after now
    answeredBy: fc.constantFrom("sponsor", "sponsor", "delegate", "none"),
  })
  .map(({ weeksAgo, sponsor, status, choice, confidence, answerDelayDays, answeredBy }): CheckinRowFact => {
    const dueAt = at(weeksAgo * 7 + 1);
    const answered = status === "answered";
    const by = answeredBy === "sponsor" ? sponsor : answeredBy === "delegate" ? 9 : null;
    return {
      initiativeId: 1,
      sponsorPersonId: sponsor,
      dueAt,
      status: status as CheckinRowFact["status"],
      choice: answered ? (choice as CheckinRowFact["choice"]) : null,
      confidence: answered ? confidence : null,
      note: null,
      answeredAt:
        answered && answeredBy !== "none" ? new Date(dueAt.getTime() + answerDelayDays * DAY) : null,
      answeredByPersonId: answered ? by : null,
      answeredBy: by === 9 ? "Dee Legate" : null,
    };
  });

const history = fc.record({
  sponsors: fc.subarray([1, 2]),
  sinceDays: fc.integer({ min: 0, max: 300 }),
  checkins: fc.array(checkin, { maxLength: 30 }),
  lastAnswerDays: fc.option(fc.integer({ min: 183, max: 400 })),
});

function facts(roles: RoleFact[], checkins: CheckinRowFact[], lastAnswerDays: number | null): DigestFacts {
  const answered = checkins.some((c) => c.status === "answered");
  return {
    workspace: { name: "Acme", tz: "UTC", settings: "{}" },
    initiatives: [
      {
        id: 1,
        slug: "churn",
        name: "Churn model",
        stage: "poc",
        status: "active",
        statusReason: null,
        cadence: "weekly",
        stageEnteredAt: at(400),
        createdAt: at(400),
        updatedAt: at(400),
      },
    ],
    roles,
    stageMoves: [],
    checkins,
    lastAnswers:
      !answered && lastAnswerDays !== null ? [{ initiativeId: 1, answeredAt: at(lastAnswerDays) }] : [],
    escalations: [],
    previousSnapshots: [],
  };
}

const sponsorFacts = fc.record({
  away: fc.array(
    fc.record({
      personId: fc.constantFrom(1, 2, 3),
      fromDays: fc.integer({ min: -10, max: 200 }),
      days: fc.integer({ min: 1, max: 60 }),
    }),
    { maxLength: 3 },
  ),
  asks: fc.array(
    fc.record({
      sponsor: fc.constantFrom(1, 2, 3),
      madeDays: fc.integer({ min: 0, max: 60 }),
      dueDays: fc.option(fc.integer({ min: -20, max: 30 })),
    }),
    { maxLength: 3 },
  ),
  defaultTz: fc.constantFrom("UTC", "America/New_York", "Asia/Tokyo"),
});

function toSponsorFacts(f: {
  away: { personId: number; fromDays: number; days: number }[];
  asks: { sponsor: number; madeDays: number; dueDays: number | null }[];
  defaultTz: string;
}): SponsorFacts {
  return {
    defaultTz: f.defaultTz,
    away: f.away.map((p) => ({ personId: p.personId, from: at(p.fromDays), until: at(p.fromDays - p.days) })),
    openAsks: f.asks.map((a) => ({
      initiativeId: 1,
      sponsorPersonId: a.sponsor,
      createdAt: at(a.madeDays),
      dueAt: a.dueDays === null ? null : at(a.dueDays),
    })),
  };
}

/** Per initiative, the latest instant an older answer was known, as the loader's first version read it. */
function knownAt(earlier: CheckinRowFact[], from = Number.NEGATIVE_INFINITY): Map<number, Date> {
  const known = earlier.flatMap((c) => {
    const t = (c.answeredAt ?? c.dueAt).getTime();
    return c.status === "answered" && t <= NOW.getTime() && t >= from ? [t] : [];
  });
  return new Map(known.length ? [[1, new Date(Math.max(...known))]] : []);
}

describe("the digest's recent window with sponsor facts", () => {
  it("gives the engagement of the full look-back, with time away and overdue asks", () => {
    fc.assert(
      fc.property(history, sponsorFacts, ({ sponsors, sinceDays, checkins, lastAnswerDays }, extra) => {
        const roles: RoleFact[] = sponsors.map((personId) => ({
          initiativeId: 1,
          role: "sponsor",
          personId,
          name: `Sponsor ${personId}`,
          tz: null,
          since: at(sinceDays),
        }));
        const recentFrom = NOW.getTime() - TREND_HISTORY_MS;
        const recent = checkins.filter((c) => c.dueAt.getTime() >= recentFrom);
        const earlier = checkins.filter((c) => c.dueAt.getTime() < recentFrom);
        const base = { ...facts(roles, checkins, lastAnswerDays), sponsors: toSponsorFacts(extra) };
        const needed = needsEarlierCheckins({ ...base, recent, earlierAnswerAt: knownAt(earlier), now: NOW });
        const read = needed.includes(1) ? [...earlier, ...recent] : recent;
        const full = assembleDigestInput(base, { now: NOW, since: SINCE });
        const trimmed = assembleDigestInput(
          { ...facts(roles, read, lastAnswerDays), sponsors: toSponsorFacts(extra) },
          { now: NOW, since: SINCE },
        );
        expect(trimmed.initiatives).toEqual(full.initiatives);
      }),
      { numRuns: 2000 },
    );
  });

  it("needs only the older answers known after the first recent answer", () => {
    fc.assert(
      fc.property(history, ({ sponsors, sinceDays, checkins }) => {
        const roles: RoleFact[] = sponsors.map((personId) => ({
          initiativeId: 1,
          role: "sponsor",
          personId,
          name: `Sponsor ${personId}`,
          tz: "UTC",
          since: at(sinceDays),
        }));
        const recentFrom = NOW.getTime() - TREND_HISTORY_MS;
        const recent = checkins.filter((c) => c.dueAt.getTime() >= recentFrom);
        const earlier = checkins.filter((c) => c.dueAt.getTime() < recentFrom);
        const answers = recent.filter((c) => c.status === "answered");
        const knownFrom = Math.min(...answers.map((c) => (c.answeredAt ?? c.dueAt).getTime()));
        const base = facts(roles, checkins, null);
        const all = needsEarlierCheckins({ ...base, recent, earlierAnswerAt: knownAt(earlier), now: NOW });
        const late = needsEarlierCheckins({
          ...base,
          recent,
          earlierAnswerAt: knownAt(earlier, knownFrom),
          now: NOW,
        });
        expect(late).toEqual(all);
      }),
      { numRuns: 2000 },
    );
  });
});
