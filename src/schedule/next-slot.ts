import { CronExpressionParser } from "cron-parser";
import { DateTime } from "luxon";
import { DAY } from "../core/clock.js";
import { PulseError } from "../core/errors.js";
import { type Cadence, parseTimeZone } from "./cadence.js";

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface NextSlotOptions {
  cadence: Cadence;
  /** The sponsor's IANA time zone. */
  tz: string;
  /** The slot returned is strictly after this instant. */
  after: Date;
  /** Local date `YYYY-MM-DD` in the sponsor's zone → is it a holiday for them? */
  isHoliday?: (isoLocalDate: string) => boolean;
  /** Weekday of weekly/biweekly slots and of the "first <weekday>" of monthly ones (default Monday). */
  weekday?: Weekday;
  /** Local time of day, `HH:MM` (default 09:00); a cron cadence carries its own time. */
  time?: string;
}

export interface Slot {
  at: Date;
  /** Key of the ORIGINAL slot (before any weekend/holiday move): one check-in per key. */
  periodKey: string;
}

/** A slot never moves further than this; a longer run of holidays is a configuration mistake. */
const MAX_SHIFT_DAYS = 31;
/** Monday 1970-01-05: week 0 of the biweekly count. Even counts match even ISO weeks in 2026. */
const EPOCH_MONDAY = DateTime.fromISO("1970-01-05", { zone: "UTC" });

interface Original {
  local: DateTime;
  key: string;
}

interface Plan {
  zone: string;
  hour: number;
  minute: number;
  /** Weekdays the cadence names explicitly: a weekend day among them is not moved. */
  explicitDays: Set<number>;
  originals: (from: DateTime) => Generator<Original>;
}

function parseTime(time: string): { hour: number; minute: number } {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!m) throw new PulseError("invalid", `"${time}" is not a time of day. Use HH:MM, e.g. 09:00.`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function atLocal(zone: string, date: DateTime, hour: number, minute: number): DateTime {
  // Built from calendar fields, so 09:00 stays 09:00 local across a DST change.
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
}

function isoWeekKey(d: DateTime): string {
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, "0")}`;
}

function weeklyPlan(zone: string, weekday: Weekday, time: string, everyOther: boolean): Plan {
  const { hour, minute } = parseTime(time);
  return {
    zone,
    hour,
    minute,
    explicitDays: new Set([weekday]),
    *originals(from) {
      for (let monday = from.startOf("week"); ; monday = monday.plus({ weeks: 1 })) {
        const mondayUtc = DateTime.fromISO(monday.toISODate() ?? "", { zone: "UTC" });
        const index = Math.round(mondayUtc.diff(EPOCH_MONDAY, "days").days / 7);
        if (everyOther && index % 2 !== 0) continue;
        const local = atLocal(zone, monday.plus({ days: weekday - 1 }), hour, minute);
        yield { local, key: isoWeekKey(local) };
      }
    },
  };
}

function monthlyPlan(zone: string, weekday: Weekday, time: string): Plan {
  const { hour, minute } = parseTime(time);
  return {
    zone,
    hour,
    minute,
    explicitDays: new Set([weekday]),
    *originals(from) {
      for (let first = from.startOf("month"); ; first = first.plus({ months: 1 })) {
        const day = first.plus({ days: (weekday - first.weekday + 7) % 7 });
        yield { local: atLocal(zone, day, hour, minute), key: first.toFormat("yyyy-MM") };
      }
    },
  };
}

function cronPlan(zone: string, expression: string): Plan {
  const probe = CronExpressionParser.parse(expression, { tz: "UTC" });
  const hour = probe.fields.hour.values[0] ?? 0;
  const minute = probe.fields.minute.values[0] ?? 0;
  const dow = probe.fields.dayOfWeek;
  const hhmm = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  const explicitDays = new Set(
    dow.isWildcard ? [] : dow.values.map((v) => (Number(v) === 0 ? 7 : Number(v))),
  );
  return {
    zone,
    hour,
    minute,
    explicitDays,
    *originals(from) {
      // The cron runs on a wall-clock calendar in UTC (no DST there) and only picks the local dates;
      // the time is then built in the sponsor's zone. Faster than a zoned cron, and never doubled.
      const start = Date.UTC(from.year, from.month - 1, from.day);
      const cron = CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(start - 1) });
      for (;;) {
        const date = cron.next().toDate().toISOString().slice(0, 10);
        const day = DateTime.fromISO(date, { zone });
        yield { local: atLocal(zone, day, hour, minute), key: `cron:${date}T${hhmm}` };
      }
    },
  };
}

function planFor(opts: Omit<NextSlotOptions, "after">): Plan {
  const zone = parseTimeZone(opts.tz);
  const weekday = opts.weekday ?? 1;
  const time = opts.time ?? "09:00";
  switch (opts.cadence.kind) {
    case "weekly":
      return weeklyPlan(zone, weekday, time, false);
    case "biweekly":
      return weeklyPlan(zone, weekday, time, true);
    case "monthly":
      return monthlyPlan(zone, weekday, time);
    case "cron":
      return cronPlan(zone, opts.cadence.expression);
  }
}

function shiftToWorkingDay(plan: Plan, slot: DateTime, isHoliday: (d: string) => boolean): DateTime {
  for (let i = 0; i <= MAX_SHIFT_DAYS; i++) {
    const day = slot.plus({ days: i });
    const weekend = day.weekday >= 6 && !plan.explicitDays.has(day.weekday);
    if (!weekend && !isHoliday(day.toISODate() ?? "")) {
      return i === 0 ? slot : atLocal(plan.zone, day, plan.hour, plan.minute);
    }
  }
  throw new PulseError(
    "invalid",
    `No working day within ${MAX_SHIFT_DAYS} days after ${slot.toISODate()}: check the holiday list.`,
  );
}

/**
 * The first check-in slot strictly after `opts.after`, at the sponsor's local time. A slot on a weekend
 * (unless the cadence names that weekday) or holiday moves to the next working day and keeps the key of
 * its original slot. When several original slots land on the same working day (a daily cron after a
 * weekend, a long holiday) they make one slot, keyed by the latest of them, so nothing is sent twice.
 */
export function nextSlot(opts: NextSlotOptions): Slot {
  const plan = planFor(opts);
  const isHoliday = opts.isHoliday ?? (() => false);
  const afterMs = opts.after.getTime();
  // Originals up to MAX_SHIFT_DAYS earlier can be moved past `after`, so start scanning there.
  const from = DateTime.fromMillis(afterMs - (MAX_SHIFT_DAYS + 1) * DAY, { zone: plan.zone });
  let best: { at: DateTime; key: string } | null = null;
  for (const original of plan.originals(from)) {
    if (best && original.local.toMillis() > best.at.toMillis()) break;
    const at = shiftToWorkingDay(plan, original.local, isHoliday);
    if (at.toMillis() <= afterMs) continue;
    if (!best || at.toMillis() < best.at.toMillis()) best = { at, key: original.key };
    else if (at.toMillis() === best.at.toMillis()) best = { at, key: original.key };
  }
  if (!best) throw new Error("unreachable: schedules are infinite");
  return { at: best.at.toJSDate(), periodKey: best.key };
}

/** Every slot in (from, to], in order (catch-up after downtime, the demo). */
export function slotsBetween(opts: Omit<NextSlotOptions, "after">, from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  for (
    let slot = nextSlot({ ...opts, after: from });
    slot.at <= to;
    slot = nextSlot({ ...opts, after: slot.at })
  ) {
    slots.push(slot);
  }
  return slots;
}

/** Response window of a check-in sent at `at`: it closes after `windowDays`, with one reminder halfway. */
export function windowFor(at: Date, windowDays = 3): { closesAt: Date; remindAt: Date } {
  const ms = windowDays * DAY;
  return { closesAt: new Date(at.getTime() + ms), remindAt: new Date(at.getTime() + ms / 2) };
}
