/**
 * The recent-window rule (engagement-window.ts) with what the bot adds: time away and overdue asks
 * (the one-pass digest), and the loader's narrower read of older answers (only those known after the
 * first recent answer). Each must leave the digest's engagement exactly that of the full look-back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleDigestInput } from "../../../src/digest/assemble.js";
import { needsEarlierCheckins } from "../../../src/digest/engagement-window.js";
import type { CheckinRowFact, RoleFact, SponsorFacts } from "../../../src/digest/facts.js";
import {
  at,
  facts,
  history,
  NOW,
  SINCE,
  splitAtWindow,
  sponsorRoles,
} from "../../fixtures/digest/window-histories.js";

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
        const { recent, earlier } = splitAtWindow(checkins);
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
        const roles = sponsorRoles(sponsors, sinceDays);
        const { recent, earlier } = splitAtWindow(checkins);
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
