import { describe, expect, it } from "vitest";
import { isPulseError, type PulseError } from "../../../src/core/errors.js";
import {
  cadenceDays,
  describeCadence,
  formatCadence,
  isValidTimeZone,
  parseCadence,
  parseTimeZone,
} from "../../../src/schedule/cadence.js";

function failure(fn: () => unknown): PulseError {
  try {
    fn();
  } catch (error) {
    if (isPulseError(error)) return error;
    throw error;
  }
  throw new Error("expected a PulseError");
}

describe("parseCadence", () => {
  it("accepts the keywords, case-insensitively, with weekly as the default", () => {
    expect(parseCadence("")).toEqual({ kind: "weekly" });
    expect(parseCadence(" Weekly ")).toEqual({ kind: "weekly" });
    expect(parseCadence("biweekly")).toEqual({ kind: "biweekly" });
    expect(parseCadence("fortnightly")).toEqual({ kind: "biweekly" });
    expect(parseCadence("MONTHLY")).toEqual({ kind: "monthly" });
  });

  it("accepts a 5-field cron at one time of day and normalises its spacing", () => {
    expect(parseCadence("0  9 * * 1-5")).toEqual({ kind: "cron", expression: "0 9 * * 1-5" });
    expect(parseCadence("30 8 1 * *")).toEqual({ kind: "cron", expression: "30 8 1 * *" });
  });

  it("round-trips through its stored text form", () => {
    for (const text of ["weekly", "biweekly", "monthly", "0 9 * * 1"]) {
      expect(formatCadence(parseCadence(text))).toBe(text);
    }
  });

  it.each([
    ["daily-ish", "is not weekly, biweekly, monthly or a cron expression"],
    ["0 9 * *", "5 fields"],
    ["0 0 9 * * 1", "5 fields"],
    ["61 9 * * 1", "61"],
    ["0 9 31 2 *", "day of month"],
    ["*/5 * * * *", "one time of day"],
    ["0 9,17 * * *", "one time of day"],
  ])("refuses %j saying what is accepted", (text, why) => {
    const error = failure(() => parseCadence(text));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain(`"${text}" is not a cadence`);
    expect(error.message.toLowerCase()).toContain(why);
    expect(error.details.join("\n")).toMatch(/weekly[\s\S]*biweekly[\s\S]*monthly[\s\S]*cron/);
  });
});

describe("cadenceDays", () => {
  it("is 7, 14 and 30 for the keywords", () => {
    expect(cadenceDays({ kind: "weekly" })).toBe(7);
    expect(cadenceDays({ kind: "biweekly" })).toBe(14);
    expect(cadenceDays({ kind: "monthly" })).toBe(30);
  });

  it("is the median gap of a cron", () => {
    expect(cadenceDays(parseCadence("0 9 * * 1"))).toBe(7);
    expect(cadenceDays(parseCadence("0 9 * * 1-5"))).toBe(1);
    expect(cadenceDays(parseCadence("0 9 1 * *"))).toBeGreaterThanOrEqual(30);
    expect(cadenceDays(parseCadence("0 9 1 * *"))).toBeLessThanOrEqual(31);
  });

  it("describes cadences for people", () => {
    expect(describeCadence({ kind: "biweekly" })).toBe("every other week");
    expect(describeCadence(parseCadence("0 9 * * 1"))).toBe('cron "0 9 * * 1"');
  });
});

describe("time zones", () => {
  it("knows IANA zones and UTC", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(parseTimeZone(" Asia/Tokyo ")).toBe("Asia/Tokyo");
    expect(parseTimeZone("europe/london")).toBe("Europe/London");
  });

  it("refuses an unknown zone with examples of good ones", () => {
    const error = failure(() => parseTimeZone("Mars/Olympus_Mons"));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain('"Mars/Olympus_Mons" is not a time zone');
    expect(error.message).toContain("Europe/London");
  });
});
