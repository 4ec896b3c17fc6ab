import { DateTime } from "luxon";
import { PulseError } from "../core/errors.js";
import type { Person } from "../domain/types.js";
import type { CommandContext } from "./context.js";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The zone a person's calendar days are in: theirs, the workspace's, then TZ_DEFAULT. */
export function personZone(ctx: CommandContext, person: Person): string {
  return person.tz ?? ctx.workspace.tz ?? ctx.deps.config.defaultTz;
}

/** `YYYY-MM-DD` → the start of that day in `tz`; a clear refusal naming the expected form otherwise. */
export function parseDay(raw: string | undefined, tz: string, what: string, example: string): DateTime {
  const text = (raw ?? "").trim();
  const day = ISO_DAY.test(text) ? DateTime.fromISO(text, { zone: tz }) : null;
  if (!day?.isValid) {
    throw new PulseError(
      "invalid",
      raw
        ? `"${raw}" is not a date: write ${what} as YYYY-MM-DD.`
        : `Which date? Write ${what} as YYYY-MM-DD.`,
      [example],
    );
  }
  return day.startOf("day");
}

/** `YYYY-MM-DD` of an instant in a zone. */
export function isoDay(at: Date, tz: string): string {
  return DateTime.fromJSDate(at, { zone: tz }).toISODate() ?? at.toISOString().slice(0, 10);
}
