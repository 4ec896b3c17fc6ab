import { z } from "zod";
import { PulseError } from "../core/errors.js";

const days = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

export const StageThresholdsSchema = z.object({
  strategy: days(1, 1000, 60),
  poc: days(1, 1000, 90),
  architecture: days(1, 1000, 60),
  scaling: days(1, 1000, 120),
});

/**
 * Per-workspace engagement thresholds. Parsed from the workspace's settings JSON, whose other keys
 * (digest schedule…) belong to other parts and are ignored here.
 */
export const EngagementSettingsSchema = z.object({
  /** Days a check-in stays open; a reminder goes out at half-window. */
  responseWindowDays: days(1, 30, 3),
  /** A confidence fall of at least this many points (1–5 scale) cools the initiative. */
  coolingConfidenceDrop: days(1, 4, 2),
  /** Consecutive misses that make it lapsing (also: this many cadences + the window without an answer). */
  lapsingMisses: days(1, 20, 2),
  /** Days without any answer after which sponsorship has lapsed. */
  lapsedAfterDays: days(1, 365, 42),
  /** Delegated answers in a row that cool the initiative. */
  delegatedStreak: days(1, 50, 3),
  /** Days in a stage before the digest calls it stuck ("pilot purgatory"). */
  stageThresholdsDays: StageThresholdsSchema.prefault({}),
  /** An absence longer than this is news for the PMO and lead. */
  awayLimitDays: days(1, 365, 21),
  /** Days after it was made that an ask without `--by` becomes overdue. */
  askDueDays: days(1, 365, 7),
});
export type EngagementSettings = z.infer<typeof EngagementSettingsSchema>;

export const DEFAULT_ENGAGEMENT_SETTINGS: EngagementSettings = EngagementSettingsSchema.parse({});

/**
 * Reads the engagement part of a workspace's settings (a JSON string as stored, or an object).
 * Missing keys take their defaults; a bad value is a PulseError naming the key.
 */
export function parseEngagementSettings(
  raw: string | Record<string, unknown> | null | undefined,
): EngagementSettings {
  let value: unknown = raw ?? {};
  if (typeof value === "string") {
    try {
      value = value.trim() === "" ? {} : JSON.parse(value);
    } catch {
      throw new PulseError("config", "The workspace settings are not valid JSON.");
    }
  }
  const parsed = EngagementSettingsSchema.safeParse(value);
  if (!parsed.success) {
    throw new PulseError(
      "config",
      "Some engagement settings are not valid:",
      parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`),
    );
  }
  return parsed.data;
}
