import { CronExpressionParser } from "cron-parser";
import { IANAZone } from "luxon";
import { z } from "zod";
import { PulseError } from "../core/errors.js";

export const CadenceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("weekly") }),
  z.object({ kind: z.literal("biweekly") }),
  z.object({ kind: z.literal("monthly") }),
  z.object({ kind: z.literal("cron"), expression: z.string().min(1) }),
]);
export type Cadence = z.infer<typeof CadenceSchema>;

const KEYWORDS: Record<string, Cadence> = {
  weekly: { kind: "weekly" },
  biweekly: { kind: "biweekly" },
  "bi-weekly": { kind: "biweekly" },
  fortnightly: { kind: "biweekly" },
  monthly: { kind: "monthly" },
};

export const CADENCE_HELP = [
  "`weekly` (the default: Mondays 09:00 in the sponsor's time zone)",
  "`biweekly` (every other Monday)",
  "`monthly` (first Monday of the month)",
  'a 5-field cron expression at one time of day, e.g. "0 9 * * 1" (Mondays 09:00) or "30 8 1 * *"',
];

function invalid(text: string, why: string): PulseError {
  return new PulseError("invalid", `"${text}" is not a cadence: ${why}. Use one of:`, CADENCE_HELP);
}

/** Parses what a person types (or what was stored) into a cadence; empty means the default, weekly. */
export function parseCadence(text: string): Cadence {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "weekly" };
  const keyword = KEYWORDS[trimmed.toLowerCase()];
  if (keyword) return keyword;
  const fields = trimmed.split(/\s+/);
  if (fields.length === 1) throw invalid(trimmed, "it is not weekly, biweekly, monthly or a cron expression");
  if (fields.length !== 5) {
    throw invalid(
      trimmed,
      `a cron expression has 5 fields (minute hour day month weekday), not ${fields.length}`,
    );
  }
  const expression = fields.join(" ");
  let cron: ReturnType<typeof CronExpressionParser.parse>;
  try {
    cron = CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(Date.UTC(2026, 0, 1)) });
    // An expression that never fires (e.g. 30 February) only fails when asked for a date.
    cron.next();
  } catch (error) {
    throw invalid(trimmed, error instanceof Error ? error.message.toLowerCase() : "it does not parse");
  }
  // One check-in per day at most: a cron that fires several times a day would spam the sponsor.
  if (cron.fields.minute.values.length !== 1 || cron.fields.hour.values.length !== 1) {
    throw invalid(trimmed, "a check-in cron must fire at one time of day (a single minute and hour)");
  }
  return { kind: "cron", expression };
}

/** The text form stored in the database; `parseCadence(formatCadence(c))` gives `c` back. */
export function formatCadence(cadence: Cadence): string {
  return cadence.kind === "cron" ? cadence.expression : cadence.kind;
}

/** Human description for show/list lines. */
export function describeCadence(cadence: Cadence): string {
  switch (cadence.kind) {
    case "weekly":
      return "weekly";
    case "biweekly":
      return "every other week";
    case "monthly":
      return "monthly";
    case "cron":
      return `cron "${cadence.expression}"`;
  }
}

/** Typical days between two check-ins: 7, 14, 30, or the median gap of the cron's next firings. */
export function cadenceDays(cadence: Cadence): number {
  switch (cadence.kind) {
    case "weekly":
      return 7;
    case "biweekly":
      return 14;
    case "monthly":
      return 30;
    case "cron":
      return cronMedianGapDays(cadence.expression);
  }
}

function cronMedianGapDays(expression: string): number {
  // A fixed reference date keeps the answer deterministic; UTC avoids DST-shortened gaps.
  const cron = CronExpressionParser.parse(expression, {
    tz: "UTC",
    currentDate: new Date(Date.UTC(2026, 0, 1)),
  });
  const times = cron.take(25).map((d) => d.getTime());
  const gaps = times.slice(1).map((t, i) => (t - (times[i] ?? t)) / 86_400_000);
  gaps.sort((a, b) => a - b);
  if (gaps.length === 0) return 365;
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 ? (gaps[mid] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2;
  return Math.round(median * 100) / 100;
}

export function isValidTimeZone(tz: string): boolean {
  return tz.trim() !== "" && IANAZone.isValidZone(tz.trim());
}

/** Returns the zone's canonical name (`europe/london` → `Europe/London`), or a PulseError naming what is accepted. */
export function parseTimeZone(tz: string): string {
  const trimmed = tz.trim();
  if (isValidTimeZone(trimmed)) {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone ?? trimmed;
  }
  throw new PulseError(
    "invalid",
    `"${tz}" is not a time zone. Use an IANA zone name such as Europe/London, America/New_York, Asia/Tokyo or UTC.`,
  );
}
