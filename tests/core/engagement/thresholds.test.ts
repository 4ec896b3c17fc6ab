import { describe, expect, it } from "vitest";
import { isPulseError } from "../../../src/core/errors.js";
import { DEFAULT_ENGAGEMENT_SETTINGS, parseEngagementSettings } from "../../../src/engagement/thresholds.js";

describe("engagement settings", () => {
  it("defaults every threshold", () => {
    expect(DEFAULT_ENGAGEMENT_SETTINGS).toEqual({
      responseWindowDays: 3,
      coolingConfidenceDrop: 2,
      lapsingMisses: 2,
      lapsedAfterDays: 42,
      delegatedStreak: 3,
      stageThresholdsDays: { strategy: 60, poc: 90, architecture: 60, scaling: 120 },
      awayLimitDays: 21,
      askDueDays: 7,
    });
    expect(parseEngagementSettings(null)).toEqual(DEFAULT_ENGAGEMENT_SETTINGS);
    expect(parseEngagementSettings("")).toEqual(DEFAULT_ENGAGEMENT_SETTINGS);
  });

  it("reads a workspace's JSON, keeping other keys out and filling nested defaults", () => {
    const s = parseEngagementSettings(
      '{"lapsedAfterDays":30,"stageThresholdsDays":{"poc":45},"digestCron":"0 8 * * 1"}',
    );
    expect(s.lapsedAfterDays).toBe(30);
    expect(s.stageThresholdsDays).toEqual({ strategy: 60, poc: 45, architecture: 60, scaling: 120 });
    expect(s).not.toHaveProperty("digestCron");
  });

  it("names each bad key", () => {
    try {
      parseEngagementSettings({ lapsingMisses: 0, stageThresholdsDays: { poc: "ninety" } });
      expect.unreachable();
    } catch (error) {
      expect(isPulseError(error) && error.code).toBe("config");
      if (!isPulseError(error)) throw error;
      expect(error.details.join("\n")).toMatch(/lapsingMisses[\s\S]*stageThresholdsDays\.poc/);
    }
    expect(() => parseEngagementSettings("{not json")).toThrow(/not valid JSON/);
  });
});
