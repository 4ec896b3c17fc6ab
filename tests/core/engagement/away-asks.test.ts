import { describe, expect, it } from "vitest";
import { askDueAt, overdueAsks } from "../../../src/engagement/asks.js";
import {
  absenceLength,
  awayLabel,
  currentAbsence,
  isLongAbsence,
  longAbsenceMessage,
} from "../../../src/engagement/away.js";
import { DEFAULT_ENGAGEMENT_SETTINGS as settings } from "../../../src/engagement/thresholds.js";

const d = (iso: string) => new Date(iso);

describe("time away", () => {
  const twoWeeks = { from: d("2026-12-01T00:00:00Z"), until: d("2026-12-15T00:00:00Z") };
  const sixWeeks = { from: d("2026-12-01T00:00:00Z"), until: d("2027-01-12T00:00:00Z") };

  it("finds the absence covering now", () => {
    expect(currentAbsence([twoWeeks], d("2026-12-05T00:00:00Z"))).toBe(twoWeeks);
    expect(currentAbsence([twoWeeks], d("2026-12-15T00:00:00Z"))).toBeNull();
  });

  it("treats more than the workspace limit (21 days) as news", () => {
    expect(isLongAbsence(twoWeeks, settings)).toBe(false);
    expect(isLongAbsence(sixWeeks, settings)).toBe(true);
    expect(isLongAbsence(twoWeeks, { awayLimitDays: 10 })).toBe(true);
  });

  it("says how long and until when, in the sponsor's zone", () => {
    expect(absenceLength(twoWeeks)).toBe("2 weeks");
    expect(absenceLength({ from: d("2026-12-01T00:00:00Z"), until: d("2026-12-04T00:00:00Z") })).toBe(
      "3 days",
    );
    expect(awayLabel(twoWeeks)).toBe("away until 2026-12-14");
    // Back at the start of 2026-12-15 in New York: the last day away is the 14th there, the 15th in UTC.
    const newYork = { from: d("2026-12-01T05:00:00Z"), until: d("2026-12-15T05:00:00Z") };
    expect(awayLabel(newYork, "America/New_York")).toBe("away until 2026-12-14");
    expect(awayLabel(newYork)).toBe("away until 2026-12-15");
  });

  it("asks the PMO and lead for an interim sponsor", () => {
    const m = longAbsenceMessage({
      sponsorName: "Sam Sponsor",
      period: sixWeeks,
      initiatives: [{ name: "Claims triage copilot", slug: "claims-triage" }],
    });
    expect(m.summary).toBe("Sam Sponsor is away for 6 weeks: name an interim sponsor?");
    expect(JSON.stringify(m)).toContain("Claims triage copilot (claims-triage)");
  });
});

describe("overdue asks", () => {
  const now = d("2026-11-25T12:00:00Z");

  it("is due seven days after it was made unless a date was given", () => {
    expect(askDueAt({ createdAt: d("2026-11-01T10:00:00Z") }, settings)).toEqual(d("2026-11-08T10:00:00Z"));
    expect(
      askDueAt({ createdAt: d("2026-11-01T10:00:00Z"), dueAt: d("2026-11-03T00:00:00Z") }, settings),
    ).toEqual(d("2026-11-03T00:00:00Z"));
  });

  it("counts the overdue ones, the oldest one's age and when the first became overdue", () => {
    expect(
      overdueAsks(
        [
          { createdAt: d("2026-11-13T12:00:00Z") }, // due 11-20: overdue, 12 days old
          { createdAt: d("2026-11-16T12:00:00Z"), dueAt: d("2026-11-18T00:00:00Z") }, // overdue first
          { createdAt: d("2026-11-24T12:00:00Z") }, // not yet due
        ],
        now,
        settings,
      ),
    ).toEqual({ count: 2, oldestDays: 12, oldestDueAt: d("2026-11-18T00:00:00Z") });
    expect(overdueAsks([{ createdAt: d("2026-11-24T12:00:00Z") }], now, settings)).toBeNull();
  });
});
