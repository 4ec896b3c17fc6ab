/**
 * The dashboard's filters, from the query string of a GET form: stage, state, sponsor, the date range
 * of the heatmap and the trends, and the page of the heatmap. A bad value is one sentence on the page.
 */
import { z } from "zod";
import { STAGES, type Stage } from "../domain/stages.js";
import { ENGAGEMENT_STATES, type EngagementState } from "../engagement/model.js";

const DAY = 86_400_000;
export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 52;

export interface Filters {
  stage: Stage | undefined;
  state: EngagementState | undefined;
  sponsor: number | undefined;
  /** First and last day of the range (UTC dates, YYYY-MM-DD). */
  from: string;
  to: string;
  page: number;
}

const one = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined);

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => isoDay.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

const QuerySchema = z.object({
  stage: one.refine((v) => v === undefined || (STAGES as readonly string[]).includes(v), {
    message: `Stage must be one of ${STAGES.join(", ")}.`,
  }),
  state: one.refine((v) => v === undefined || (ENGAGEMENT_STATES as readonly string[]).includes(v), {
    message: `State must be one of ${ENGAGEMENT_STATES.join(", ")}.`,
  }),
  sponsor: one.refine((v) => v === undefined || /^\d{1,12}$/.test(v), {
    message: "Sponsor must be one of the sponsors in the list.",
  }),
  from: one.refine((v) => v === undefined || validDay(v), {
    message: "From must be a date like 2026-09-01.",
  }),
  to: one.refine((v) => v === undefined || validDay(v), { message: "To must be a date like 2026-12-01." }),
  page: one.refine((v) => v === undefined || /^[1-9]\d{0,5}$/.test(v), {
    message: "Page must be a whole number from 1.",
  }),
});

const day = (d: Date) => d.toISOString().slice(0, 10);

export type FiltersResult = { ok: true; filters: Filters } | { ok: false; error: string; filters: Filters };

const mondayOf = (t: number) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;

/** The Monday that starts the 12 calendar weeks ending with the week of `to`. */
function defaultFrom(to: string): string {
  return day(new Date(mondayOf(Date.parse(`${to}T00:00:00Z`)) - (DEFAULT_WEEKS - 1) * 7 * DAY));
}

/** The defaults: every stage, state and sponsor over the last 12 calendar weeks up to today. */
export function defaultFilters(now: Date): Filters {
  const to = day(now);
  return { stage: undefined, state: undefined, sponsor: undefined, from: defaultFrom(to), to, page: 1 };
}

export function parseFilters(query: Record<string, unknown>, now: Date): FiltersResult {
  const defaults = defaultFilters(now);
  const parsed = QuerySchema.safeParse(query);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "A filter is invalid.", filters: defaults };
  const q = parsed.data;
  const to = q.to ?? defaults.to;
  const from = q.from ?? defaultFrom(to);
  const filters: Filters = {
    stage: q.stage as Stage | undefined,
    state: q.state as EngagementState | undefined,
    sponsor: q.sponsor === undefined ? undefined : Number(q.sponsor),
    from,
    to,
    page: q.page === undefined ? 1 : Number(q.page),
  };
  if (from > to) return { ok: false, error: "From must be on or before To.", filters: defaults };
  if (to > day(now)) return { ok: false, error: "To cannot be after today.", filters: defaults };
  if (rangeWeeks(filters) > MAX_WEEKS)
    return { ok: false, error: `The range can be at most ${MAX_WEEKS} weeks.`, filters: defaults };
  return { ok: true, filters };
}

/** How many calendar weeks the range touches (the heatmap's columns). */
export function rangeWeeks(f: Pick<Filters, "from" | "to">): number {
  const from = Date.parse(`${f.from}T00:00:00Z`);
  const to = Date.parse(`${f.to}T00:00:00Z`);
  // Weeks start on Monday: count the Mondays from the one on or before `from` up to `to`.
  return Math.floor((mondayOf(to) - mondayOf(from)) / (7 * DAY)) + 1;
}

/** The instant the range ends: the end of `to`, or now when `to` is today. */
export function rangeEnd(f: Pick<Filters, "to">, now: Date): Date {
  const end = Date.parse(`${f.to}T00:00:00Z`) + DAY;
  return end > now.getTime() ? now : new Date(end - 1);
}

/** The portfolio weeks a range shows: its calendar weeks, to its end (what the page and its warm-up read). */
export function weeksOfRange(f: Pick<Filters, "from" | "to">, now: Date): { now: Date; weeks: number } {
  return { now: rangeEnd(f, now), weeks: rangeWeeks(f) };
}

/** The filters as a query string (without `page` unless asked), for links that keep them. */
export function queryOf(f: Filters, extra: { page?: number } = {}): string {
  const params = new URLSearchParams();
  if (f.stage) params.set("stage", f.stage);
  if (f.state) params.set("state", f.state);
  if (f.sponsor !== undefined) params.set("sponsor", String(f.sponsor));
  params.set("from", f.from);
  params.set("to", f.to);
  if (extra.page && extra.page > 1) params.set("page", String(extra.page));
  return params.toString();
}
