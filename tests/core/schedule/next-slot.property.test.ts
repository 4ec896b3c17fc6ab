import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseCadence } from "../../../src/schedule/cadence.js";
import { nextSlot } from "../../../src/schedule/next-slot.js";

const ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Sydney",
  "Pacific/Auckland",
];
const CADENCES = ["weekly", "biweekly", "monthly", "0 9 * * 1-5", "30 8 1 * *", "0 9 * * *", "15 7 * * 3"];

/** A pseudo-random but fixed set of holidays: about one weekday in nine, chosen by the date's hash. */
function holidaysSeeded(seed: number): (isoDate: string) => boolean {
  return (d) => {
    let h = seed;
    for (const ch of d) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return h % 9 === 0;
  };
}

const scenario = fc.record({
  zone: fc.constantFrom(...ZONES),
  cadence: fc.constantFrom(...CADENCES),
  after: fc.date({
    min: new Date("2026-01-01T00:00:00Z"),
    max: new Date("2028-12-31T00:00:00Z"),
    noInvalidDate: true,
  }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe("nextSlot properties", () => {
  it("is strictly after `after`, on a local working day, at the cadence's local time", () => {
    fc.assert(
      fc.property(scenario, ({ zone, cadence, after, seed }) => {
        const isHoliday = holidaysSeeded(seed);
        const slot = nextSlot({ cadence: parseCadence(cadence), tz: zone, after, isHoliday });
        const at = DateTime.fromJSDate(slot.at, { zone });
        expect(slot.at.getTime()).toBeGreaterThan(after.getTime());
        expect(at.weekday).toBeLessThanOrEqual(5);
        expect(isHoliday(at.toISODate() ?? "")).toBe(false);
        expect(at.toFormat("HH:mm")).toBe(
          cadence.startsWith("30 8") ? "08:30" : cadence.startsWith("15 7") ? "07:15" : "09:00",
        );
      }),
      { numRuns: 150 },
    );
  });

  it("any instant between two slots leads to the same next slot, and keys never repeat", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ zone, cadence, after, seed }, f) => {
          const opts = { cadence: parseCadence(cadence), tz: zone, isHoliday: holidaysSeeded(seed) };
          const first = nextSlot({ ...opts, after });
          const second = nextSlot({ ...opts, after: first.at });
          expect(second.periodKey).not.toBe(first.periodKey);
          const between = new Date(
            first.at.getTime() + Math.floor(f * (second.at.getTime() - first.at.getTime() - 1)),
          );
          expect(nextSlot({ ...opts, after: between })).toEqual(second);
        },
      ),
      { numRuns: 100 },
    );
  });
});
