import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleDigestInput } from "../../../src/digest/assemble.js";
import { needsEarlierCheckins, settledHistory } from "../../../src/digest/engagement-window.js";
import type { CheckinRowFact, RoleFact } from "../../../src/digest/facts.js";
import { toFact } from "../../../src/engagement/facts.js";
import type { CheckinFact } from "../../../src/engagement/model.js";
import { currentEngagement } from "../../../src/engagement/state.js";
import {
  at,
  checkin,
  facts,
  history,
  NOW,
  SINCE,
  splitAtWindow,
  sponsorRoles,
} from "../../fixtures/digest/window-histories.js";

describe("the digest's engagement from recent check-ins", () => {
  it("is the engagement of the full look-back, for every history the window deems enough", () => {
    fc.assert(
      fc.property(history, ({ sponsors, sinceDays, checkins, lastAnswerDays }) => {
        const roles = sponsorRoles(sponsors, sinceDays);
        const { recent, earlier } = splitAtWindow(checkins);
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
          const own: CheckinFact[] = rows.map(toFact).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
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
