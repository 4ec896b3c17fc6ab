import type HolidaysClass from "date-holidays";

export type Holidays = typeof HolidaysClass;

let library: Promise<Holidays> | undefined;

/**
 * The `date-holidays` library, imported the first time a country's holidays or names are needed: its
 * data for every country takes ~0.45 s and ~25 MB to load, which no start, tick or `--help` without
 * a country should pay.
 */
export function loadHolidays(): Promise<Holidays> {
  library ??= import("date-holidays").then((m) => m.default);
  return library;
}
