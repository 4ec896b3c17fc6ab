import { DateTime } from "luxon";
import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/context.js";
import { parseDay } from "../commands/dates.js";
import { ok } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import type { HolidayRecord, SponsorStore } from "../ports/sponsor-store.js";
import { parseCountry } from "./country.js";
import { type Holidays, loadHolidays } from "./holiday-library.js";
import { rescheduleAll } from "./reschedule.js";

const USAGE = [
  "`/pulse holidays` — the coming holidays",
  "`/pulse holidays add 2026-12-24 [name]` · `/pulse holidays remove 2026-12-24`",
  "`/pulse holidays import <country code> [year]` — a country's public holidays, e.g. `import GB 2027`",
];
const SHOWN = 20;

/** A country's public holidays of one year, from the maintained `date-holidays` data (cached). */
const yearCache = new Map<string, HolidayRecord[]>();
function publicHolidays(Holidays: Holidays, country: string, year: number): HolidayRecord[] {
  const key = `${country}:${year}`;
  let days = yearCache.get(key);
  if (!days) {
    const seen = new Set<string>();
    days = [];
    for (const h of new Holidays(country).getHolidays(year, "en") || []) {
      const date = h.date.slice(0, 10);
      if (h.type !== "public" || seen.has(date)) continue;
      seen.add(date);
      days.push({ date, country, name: h.name });
    }
    yearCache.set(key, days);
  }
  return days;
}

/**
 * Whether a local day is a holiday for a person: the workspace's own days; days imported for their
 * country (or, when they have none, every imported day); and their own country's public holidays.
 */
export async function holidayCheck(
  sponsors: SponsorStore,
  workspaceId: string,
  country: string | null,
): Promise<(isoDate: string) => boolean> {
  const rows = await sponsors.holidays(workspaceId);
  const Holidays = country ? await loadHolidays() : undefined;
  const days = new Set(
    rows.filter((h) => h.country === null || country === null || h.country === country).map((h) => h.date),
  );
  return (isoDate: string) => {
    if (days.has(isoDate)) return true;
    if (!country || !Holidays) return false;
    const year = Number(isoDate.slice(0, 4));
    return publicHolidays(Holidays, country, year).some((h) => h.date === isoDate);
  };
}

async function list(ctx: CommandContext): Promise<Reply[]> {
  const tz = ctx.workspace.tz ?? ctx.deps.config.defaultTz;
  const today = DateTime.fromJSDate(ctx.now, { zone: tz }).toISODate() ?? "";
  const coming = (await ctx.deps.sponsors.holidays(ctx.workspace.id)).filter((h) => h.date >= today);
  if (coming.length === 0) return [ok("No holidays set. Check-ins already skip weekends.", USAGE)];
  const lines = coming
    .slice(0, SHOWN)
    .map((h) => `${h.date}${h.name ? ` — ${h.name}` : ""}${h.country ? ` (${h.country})` : ""}`);
  if (coming.length > SHOWN) lines.push(`and ${coming.length - SHOWN} more`);
  return [ok(`Coming holidays (check-ins move to the next working day):`, lines)];
}

/** `/pulse holidays [add|remove <date> [name] | import <country> [year]]`. */
export async function holidaysCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const [verb, ...rest] = args.words;
  if (verb === undefined || verb.toLowerCase() === "list") return list(ctx);
  const v = verb.toLowerCase();
  if (v !== "add" && v !== "remove" && v !== "import")
    throw new PulseError("usage", `Unknown holidays command "${verb}".`, USAGE);
  requireAdmin(ctx, "change the workspace holidays", await ctx.deps.store.listAdmins(ctx.workspace.id));
  const tz = ctx.workspace.tz ?? ctx.deps.config.defaultTz;
  if (v === "import") {
    const country = await parseCountry(rest[0], USAGE[2] as string);
    const thisYear = DateTime.fromJSDate(ctx.now, { zone: tz }).year;
    const year = rest[1] === undefined ? thisYear : Number(rest[1]);
    if (!Number.isInteger(year) || year < thisYear - 1 || year > thisYear + 5 || rest.length > 2) {
      throw new PulseError(
        "invalid",
        `"${rest.slice(1).join(" ")}" is not a year I can import; give one from ${thisYear - 1} to ${thisYear + 5}.`,
        [USAGE[2] as string],
      );
    }
    const days = publicHolidays(await loadHolidays(), country, year);
    const added = await ctx.deps.sponsors.addHolidays(ctx.workspace.id, days, ctx.audit);
    await rescheduleAll(ctx);
    return [
      ok(
        `Imported ${added} public holiday${added === 1 ? "" : "s"} of ${country} for ${year}${added < days.length ? ` (${days.length - added} already there)` : ""}.`,
        ["They apply to people whose country is not set, or is this one (`/pulse country <code>`)."],
      ),
    ];
  }
  const day = parseDay(rest[0], tz, "the holiday", USAGE[1] as string).toISODate() as string;
  if (v === "add") {
    const name = rest.slice(1).join(" ").trim();
    if (name.length > 80)
      throw new PulseError("invalid", `The name is ${name.length} characters; keep it to 80.`);
    const added = await ctx.deps.sponsors.addHolidays(
      ctx.workspace.id,
      [{ date: day, country: null, name: name || null }],
      ctx.audit,
    );
    if (added) await rescheduleAll(ctx);
    return [ok(added ? `${day} is now a holiday: no check-ins that day.` : `${day} already is a holiday.`)];
  }
  if (rest.length > 1) throw new PulseError("usage", "Remove one date at a time.", [USAGE[1] as string]);
  const removed = await ctx.deps.sponsors.removeHoliday(ctx.workspace.id, day, ctx.audit);
  if (removed) await rescheduleAll(ctx);
  return [ok(removed ? `${day} is no longer a holiday.` : `${day} was not a holiday; nothing changed.`)];
}
