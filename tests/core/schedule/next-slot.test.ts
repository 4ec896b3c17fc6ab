import Holidays from "date-holidays";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../../src/core/clock.js";
import { isPulseError } from "../../../src/core/errors.js";
import { parseCadence } from "../../../src/schedule/cadence.js";
import { nextSlot, slotsBetween, windowFor } from "../../../src/schedule/next-slot.js";

const weekly = parseCadence("weekly");

function local(at: Date, tz: string): string {
  return DateTime.fromJSDate(at, { zone: tz }).toFormat("ccc yyyy-MM-dd HH:mm");
}

function slots(cadence: string, tz: string, from: string, to: string, isHoliday?: (d: string) => boolean) {
  return slotsBetween({ cadence: parseCadence(cadence), tz, isHoliday }, new Date(from), new Date(to)).map(
    (s) => ({ local: local(s.at, tz), utc: s.at.toISOString(), key: s.periodKey }),
  );
}

/** Asks for the next slot from every hour of a span, the way a ticking scheduler would. */
function distinctSlotsSeenHourly(tz: string, from: string, to: string): string[] {
  const seen = new Set<string>();
  for (let t = new Date(from).getTime(); t < new Date(to).getTime(); t += HOUR) {
    const s = nextSlot({ cadence: weekly, tz, after: new Date(t) });
    if (s.at.getTime() <= new Date(to).getTime()) seen.add(`${s.periodKey} ${s.at.toISOString()}`);
  }
  return [...seen];
}

describe("nextSlot: weekly on Monday 09:00 local", () => {
  it("is the first slot strictly after `after`", () => {
    const monday9 = new Date("2026-11-23T09:00:00Z");
    expect(nextSlot({ cadence: weekly, tz: "UTC", after: new Date("2026-11-20T12:00:00Z") })).toEqual({
      at: monday9,
      periodKey: "2026-W48",
    });
    expect(nextSlot({ cadence: weekly, tz: "UTC", after: monday9 }).at).toEqual(
      new Date("2026-11-30T09:00:00Z"),
    );
  });

  it("stays 09:00 in New York across both 2026 DST changes, once a week", () => {
    expect(slots("weekly", "America/New_York", "2026-02-28T00:00:00Z", "2026-03-17T00:00:00Z")).toEqual([
      { local: "Mon 2026-03-02 09:00", utc: "2026-03-02T14:00:00.000Z", key: "2026-W10" },
      { local: "Mon 2026-03-09 09:00", utc: "2026-03-09T13:00:00.000Z", key: "2026-W11" },
      { local: "Mon 2026-03-16 09:00", utc: "2026-03-16T13:00:00.000Z", key: "2026-W12" },
    ]);
    expect(slots("weekly", "America/New_York", "2026-10-24T00:00:00Z", "2026-11-03T00:00:00Z")).toEqual([
      { local: "Mon 2026-10-26 09:00", utc: "2026-10-26T13:00:00.000Z", key: "2026-W44" },
      { local: "Mon 2026-11-02 09:00", utc: "2026-11-02T14:00:00.000Z", key: "2026-W45" },
    ]);
  });

  it("stays 09:00 in London across both 2026 DST changes, once a week", () => {
    expect(slots("weekly", "Europe/London", "2026-03-21T00:00:00Z", "2026-04-01T00:00:00Z")).toEqual([
      { local: "Mon 2026-03-23 09:00", utc: "2026-03-23T09:00:00.000Z", key: "2026-W13" },
      { local: "Mon 2026-03-30 09:00", utc: "2026-03-30T08:00:00.000Z", key: "2026-W14" },
    ]);
    expect(slots("weekly", "Europe/London", "2026-10-17T00:00:00Z", "2026-10-27T00:00:00Z")).toEqual([
      { local: "Mon 2026-10-19 09:00", utc: "2026-10-19T08:00:00.000Z", key: "2026-W43" },
      { local: "Mon 2026-10-26 09:00", utc: "2026-10-26T09:00:00.000Z", key: "2026-W44" },
    ]);
  });

  it("gives a scheduler ticking hourly through a DST week exactly one slot per week", () => {
    expect(
      distinctSlotsSeenHourly("America/New_York", "2026-03-05T00:00:00Z", "2026-03-12T00:00:00Z"),
    ).toEqual(["2026-W11 2026-03-09T13:00:00.000Z"]);
    expect(distinctSlotsSeenHourly("Europe/London", "2026-10-22T00:00:00Z", "2026-10-29T00:00:00Z")).toEqual([
      "2026-W44 2026-10-26T09:00:00.000Z",
    ]);
  });

  it("honours another weekday and time", () => {
    const s = nextSlot({
      cadence: weekly,
      tz: "Asia/Tokyo",
      after: new Date("2026-11-23T00:00:00Z"),
      weekday: 3,
      time: "14:30",
    });
    expect(local(s.at, "Asia/Tokyo")).toBe("Wed 2026-11-25 14:30");
    expect(s.periodKey).toBe("2026-W48");
  });
});

describe("nextSlot: biweekly and monthly", () => {
  it("biweekly is every other Monday, even ISO weeks in 2026, 14 days apart across the 53-week year end", () => {
    const got = slots("biweekly", "Europe/London", "2026-11-20T00:00:00Z", "2027-01-20T00:00:00Z");
    expect(got.map((s) => s.key)).toEqual(["2026-W48", "2026-W50", "2026-W52", "2027-W01", "2027-W03"]);
    const times = got.map((s) => new Date(s.utc).getTime());
    expect(times.slice(1).map((t, i) => (t - (times[i] ?? 0)) / DAY)).toEqual([14, 14, 14, 14]);
  });

  it("biweekly parity does not depend on where the scan starts (stable across restarts)", () => {
    const a = nextSlot({
      cadence: parseCadence("biweekly"),
      tz: "UTC",
      after: new Date("2026-11-24T00:00:00Z"),
    });
    const b = nextSlot({
      cadence: parseCadence("biweekly"),
      tz: "UTC",
      after: new Date("2026-11-30T10:00:00Z"),
    });
    expect(a).toEqual(b);
    expect(a.periodKey).toBe("2026-W50");
  });

  it("monthly is the first Monday of the month, keyed by month", () => {
    expect(slots("monthly", "America/New_York", "2026-01-01T00:00:00Z", "2026-04-30T00:00:00Z")).toEqual([
      { local: "Mon 2026-01-05 09:00", utc: "2026-01-05T14:00:00.000Z", key: "2026-01" },
      { local: "Mon 2026-02-02 09:00", utc: "2026-02-02T14:00:00.000Z", key: "2026-02" },
      { local: "Mon 2026-03-02 09:00", utc: "2026-03-02T14:00:00.000Z", key: "2026-03" },
      { local: "Mon 2026-04-06 09:00", utc: "2026-04-06T13:00:00.000Z", key: "2026-04" },
    ]);
  });
});

describe("nextSlot: weekends and holidays", () => {
  it("a monthly cron slot on a Saturday moves to Monday and keeps its key", () => {
    expect(slots("0 9 1 * *", "Europe/London", "2026-07-15T00:00:00Z", "2026-09-02T00:00:00Z")).toEqual([
      { local: "Mon 2026-08-03 09:00", utc: "2026-08-03T08:00:00.000Z", key: "cron:2026-08-01T09:00" },
      { local: "Tue 2026-09-01 09:00", utc: "2026-09-01T08:00:00.000Z", key: "cron:2026-09-01T09:00" },
    ]);
  });

  it("a slot moved past `after` is still found, with the same key, from any point before it", () => {
    const cadence = parseCadence("0 9 1 * *");
    for (const after of ["2026-07-30T00:00:00Z", "2026-08-01T09:00:00Z", "2026-08-02T23:00:00Z"]) {
      expect(nextSlot({ cadence, tz: "Europe/London", after: new Date(after) }).periodKey).toBe(
        "cron:2026-08-01T09:00",
      );
    }
  });

  it("a cron that names Saturday is sent on Saturday", () => {
    expect(slots("0 10 * * 6", "UTC", "2026-11-20T00:00:00Z", "2026-11-30T00:00:00Z")).toEqual([
      { local: "Sat 2026-11-21 10:00", utc: "2026-11-21T10:00:00.000Z", key: "cron:2026-11-21T10:00" },
      { local: "Sat 2026-11-28 10:00", utc: "2026-11-28T10:00:00.000Z", key: "cron:2026-11-28T10:00" },
    ]);
  });

  it("a daily cron skips the weekend without doubling Monday", () => {
    const got = slots("0 9 * * *", "UTC", "2026-11-19T12:00:00Z", "2026-11-24T12:00:00Z");
    expect(got.map((s) => `${s.local} ${s.key}`)).toEqual([
      "Fri 2026-11-20 09:00 cron:2026-11-20T09:00",
      "Mon 2026-11-23 09:00 cron:2026-11-23T09:00",
      "Tue 2026-11-24 09:00 cron:2026-11-24T09:00",
    ]);
  });

  it("an imported public holiday (US Memorial Day) moves the check-in to Tuesday in the sponsor's zone", () => {
    const us = new Holidays("US");
    const days = new Set(
      us
        .getHolidays(2026)
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    const s = nextSlot({
      cadence: weekly,
      tz: "America/Chicago",
      after: new Date("2026-05-20T00:00:00Z"),
      isHoliday: (d) => days.has(d),
    });
    expect(local(s.at, "America/Chicago")).toBe("Tue 2026-05-26 09:00");
    expect(s.periodKey).toBe("2026-W22");
  });

  it("a shutdown over two Mondays makes one check-in, not three", () => {
    const shutdown = (d: string) => d >= "2026-12-21" && d <= "2027-01-04";
    expect(
      slots("weekly", "Europe/London", "2026-12-15T00:00:00Z", "2027-01-13T00:00:00Z", shutdown),
    ).toEqual([
      { local: "Tue 2027-01-05 09:00", utc: "2027-01-05T09:00:00.000Z", key: "2027-W01" },
      { local: "Mon 2027-01-11 09:00", utc: "2027-01-11T09:00:00.000Z", key: "2027-W02" },
    ]);
  });
});

describe("nextSlot: DST edge of a cron", () => {
  it("a 01:30 Sunday cron on the New York fall-back night fires once", () => {
    const got = slots("30 1 * * 0", "America/New_York", "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z");
    expect(got.map((s) => s.key)).toEqual(["cron:2026-11-01T01:30"]);
  });

  it("a 02:30 Sunday cron on the spring-forward night is not skipped", () => {
    const got = slots("30 2 * * 0", "America/New_York", "2026-03-07T00:00:00Z", "2026-03-09T00:00:00Z");
    expect(got.map((s) => s.key)).toEqual(["cron:2026-03-08T02:30"]);
  });
});

describe("nextSlot: bad input", () => {
  it("refuses an unknown zone or a bad time of day", () => {
    const bad = [
      () => nextSlot({ cadence: weekly, tz: "Nowhere/Special", after: new Date() }),
      () => nextSlot({ cadence: weekly, tz: "UTC", after: new Date(), time: "25:00" }),
    ];
    for (const fn of bad) {
      try {
        fn();
        expect.unreachable();
      } catch (error) {
        expect(isPulseError(error) && error.code).toBe("invalid");
      }
    }
  });

  it("refuses a holiday list with no working day in a month", () => {
    expect(() => nextSlot({ cadence: weekly, tz: "UTC", after: new Date(), isHoliday: () => true })).toThrow(
      /No working day within 31 days/,
    );
  });
});

describe("windowFor", () => {
  it("closes after the window with a reminder at half-window", () => {
    const at = new Date("2026-11-23T09:00:00Z");
    expect(windowFor(at)).toEqual({
      closesAt: new Date("2026-11-26T09:00:00Z"),
      remindAt: new Date("2026-11-24T21:00:00Z"),
    });
    expect(windowFor(at, 2).remindAt).toEqual(new Date("2026-11-24T09:00:00Z"));
  });
});
