import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleDigestInput, TREND_HISTORY_MS } from "../../../src/digest/assemble.js";
import { needsEarlierCheckins, settledHistory } from "../../../src/digest/engagement-window.js";
import type { CheckinRowFact, DigestFacts, RoleFact } from "../../../src/digest/facts.js";
import type { CheckinFact } from "../../../src/engagement/model.js";
import { currentEngagement } from "../../../src/engagement/state.js";

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

describe("the digest's engagement from recent check-ins", () => {
  it("is the engagement of the full look-back, for every history the window deems enough", () => {
    fc.assert(
      fc.property(history, ({ sponsors, sinceDays, checkins, lastAnswerDays }) => {
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
        const known = earlier.flatMap((c) => {
          const knownAt = (c.answeredAt ?? c.dueAt).getTime();
          return c.status === "answered" && knownAt <= NOW.getTime() ? [knownAt] : [];
        });
        const earlierAnswerAt = new Map(known.length ? [[1, new Date(Math.max(...known))]] : []);
        const base = facts(roles, checkins, lastAnswerDays);
        const needed = needsEarlierCheckins({ ...base, recent, earlierAnswerAt, now: NOW }).includes(1);
        const read = needed ? [...earlier, ...recent] : recent;
        const full = assembleDigestInput(base, { now: NOW, since: SINCE });
        const trimmed = assembleDigestInput(facts(roles, read, lastAnswerDays), { now: NOW, since: SINCE });
        expect(trimmed.initiatives.map((i) => i.engagement)).toEqual(
          full.initiatives.map((i) => i.engagement),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("reads older check-ins only where recent answers do not settle the state", () => {
    const roles: RoleFact[] = [
      { initiativeId: 1, role: "sponsor", personId: 1, name: "Ann", tz: "UTC", since: at(300) },
    ];
    const answer = (days: number, confidence: number | null, by = 1): CheckinRowFact => ({
      initiativeId: 1,
      sponsorPersonId: 1,
      dueAt: at(days),
      status: "answered",
      choice: "active",
      confidence,
      note: null,
      answeredAt: at(days - 1),
      answeredByPersonId: by,
      answeredBy: null,
    });
    const needs = (recent: CheckinRowFact[], earlier?: number) =>
      needsEarlierCheckins({
        ...facts(roles, recent, null),
        recent,
        earlierAnswerAt: new Map(earlier === undefined ? [] : [[1, at(earlier)]]),
        now: NOW,
      });
    expect(needs([answer(8, 4), answer(15, 3)])).toEqual([]);
    expect(needs([answer(8, 4)])).toEqual([1]); // one confidence: the drop needs the one before
    expect(needs([answer(8, 4, 9), answer(15, 3, 9)])).toEqual([1]); // the delegated run may go on
    expect(needs([answer(8, 4), answer(15, 3)], 10)).toEqual([1]); // an older check-in answered late
    expect(needs([])).toEqual([1]);
  });

  it("replays only the settled suffix of what was read, with the same state and reasons", () => {
    const away = fc.record({
      fromDays: fc.integer({ min: -10, max: 200 }),
      days: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.array(checkin, { maxLength: 30 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(away, { maxLength: 2 }),
        fc.option(fc.integer({ min: 1, max: 30 })),
        (rows, sinceDays, periods, asksOverdueDays) => {
          const own: CheckinFact[] = rows
            .map((c) => ({
              dueAt: c.dueAt,
              status: c.status,
              choice: c.choice,
              confidence: c.confidence,
              answeredAt: c.answeredAt,
              delegated: c.answeredByPersonId !== null && c.answeredByPersonId !== c.sponsorPersonId,
              answeredBy: c.answeredBy,
            }))
            .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
          const input = {
            hasSponsor: true,
            sponsorSince: at(sinceDays),
            cadenceDays: 7,
            tz: "UTC",
            away: periods.map((p) => ({ from: at(p.fromDays), until: at(p.fromDays - p.days) })),
            ...(asksOverdueDays === null
              ? {}
              : { asksOverdue: { count: 1, oldestDays: asksOverdueDays, oldestDueAt: at(asksOverdueDays) } }),
          };
          const settled = settledHistory(own, at(sinceDays).getTime(), NOW.getTime());
          expect(currentEngagement({ ...input, checkins: settled }, NOW)).toEqual(
            currentEngagement({ ...input, checkins: own }, NOW),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
