import { DateTime } from "luxon";
import type { CommandContext } from "../commands/context.js";
import { isoDay, parseDay, personZone } from "../commands/dates.js";
import { ok } from "../commands/replies.js";
import { type ParsedArgs, parseMention } from "../commands/tokenize.js";
import { DAY } from "../core/clock.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import type { Person } from "../domain/types.js";
import { awayLabel, isLongAbsence, longAbsenceMessage } from "../engagement/away.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import type { OutboxMessage } from "../ports/checkin-store.js";
import type { AwayRecord } from "../ports/sponsor-store.js";
import { subjectOf } from "./people.js";

const USAGE = [
  "`/pulse away 2026-12-21 2027-01-03 [note]` — from the first day to the last day away",
  "`/pulse away until 2027-01-03` — from now",
  "`/pulse away` — what is set · `/pulse back` — you are back",
  "PMO admins: `/pulse away @person …` · `/pulse back @person`",
];
const MAX_NOTE = 200;
/** Longer than this is not time away, it is a change of sponsor. */
const MAX_DAYS = 366;

function describe(p: AwayRecord, tz: string): string {
  const note = p.note ? ` — ${p.note}` : "";
  return `${isoDay(p.from, tz)} to ${isoDay(new Date(p.until.getTime() - 1), tz)}${note}`;
}

async function showAway(ctx: CommandContext, person: Person, self: boolean): Promise<Reply[]> {
  const tz = personZone(ctx, person);
  const periods = await ctx.deps.sponsors.awayPeriods(ctx.workspace.id, [person.id], ctx.now);
  const who = self ? "You are" : `${person.displayName} is`;
  if (periods.length === 0) return [ok(`${who} not marked away.`, USAGE.slice(0, 2))];
  const current = periods.find((p) => p.from <= ctx.now);
  const head = current ? `${who} ${awayLabel(current, tz)}.` : `${who} not away now; planned:`;
  return [
    ok(
      head,
      periods.map((p) => describe(p, tz)),
    ),
  ];
}

/** The first and last day away → the half-open period [start of first day, start of the day after). */
function periodOf(
  ctx: CommandContext,
  words: string[],
  tz: string,
): { from: Date; until: Date; note: string | null } {
  const untilForm = words[0]?.toLowerCase() === "until";
  const last = parseDay(words[1], tz, "the last day away", USAGE[untilForm ? 1 : 0] as string);
  const first = untilForm
    ? DateTime.fromJSDate(ctx.now, { zone: tz }).startOf("day")
    : parseDay(words[0], tz, "the first day away", USAGE[0] as string);
  const rest = words.slice(2);
  const until = last.plus({ days: 1 }).startOf("day").toJSDate();
  if (until <= ctx.now) {
    throw new PulseError(
      "invalid",
      `${last.toISODate()} is in the past; time away must end today or later.`,
      [USAGE[0] as string],
    );
  }
  if (last < first) {
    throw new PulseError(
      "invalid",
      `The last day away (${last.toISODate()}) is before the first (${first.toISODate()}). Put the first day first.`,
      [USAGE[0] as string],
    );
  }
  const from = untilForm ? ctx.now : first.toJSDate();
  if (until.getTime() - from.getTime() > MAX_DAYS * DAY) {
    throw new PulseError(
      "invalid",
      "Time away is limited to a year. For longer, hand sponsorship over: `/initiative set <initiative> sponsor @person`.",
    );
  }
  const note = rest.join(" ").trim();
  if (note.length > MAX_NOTE)
    throw new PulseError("invalid", `The note is ${note.length} characters; keep it to ${MAX_NOTE}.`);
  return { from, until, note: note || null };
}

/** The one-time notice of a long absence to the PMO and the leads of the sponsor's initiatives. */
async function longAbsenceNotices(
  ctx: CommandContext,
  person: Person,
  period: { from: Date; until: Date },
): Promise<OutboxMessage[]> {
  const settings = parseEngagementSettings(ctx.workspace.settings);
  if (!isLongAbsence(period, settings)) return [];
  const sponsored = (await ctx.deps.store.initiativesOf(ctx.workspace.id, person.id)).filter(
    (i) => i.status !== "closed" && i.sponsors.some((s) => s.id === person.id),
  );
  if (sponsored.length === 0) return [];
  const message = longAbsenceMessage({
    sponsorName: person.displayName,
    period,
    initiatives: sponsored.map((i) => ({ name: i.name, slug: i.slug })),
    tz: personZone(ctx, person),
  });
  const key = `away-long:${person.id}:${period.from.getTime()}`;
  const base = {
    workspaceId: ctx.workspace.id,
    platform: ctx.workspace.platform,
    purpose: "away.long",
    message,
  };
  const out = new Map<string, OutboxMessage>();
  for (const i of sponsored) {
    for (const lead of i.leads)
      out.set(`u:${lead.userId}`, {
        ...base,
        target: { kind: "user", id: lead.userId },
        dedupeKey: `${key}:lead:${lead.id}`,
      });
    const channel = i.pmoChannel ?? ctx.workspace.defaultChannel;
    if (channel)
      out.set(`c:${channel}`, {
        ...base,
        target: { kind: "channel", id: channel },
        dedupeKey: `${key}:pmo:${channel}`,
      });
  }
  if (![...out.keys()].some((k) => k.startsWith("c:"))) {
    // No PMO channel: the PMO admins hear it directly rather than nobody.
    for (const admin of await ctx.deps.store.listAdmins(ctx.workspace.id))
      out.set(`u:${admin.userId}`, {
        ...base,
        target: { kind: "user", id: admin.userId },
        dedupeKey: `${key}:admin:${admin.id}`,
      });
  }
  return [...out.values()];
}

/** `/pulse away …`: show, or set a period of time away (for oneself, or anyone as a PMO admin). */
export async function awayCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  // Anyone may look: `/pulse away @person` alone shows what is set, like show and list do.
  const only = args.words.length === 1 ? parseMention(args.words[0] as string) : undefined;
  if (only && only.id !== ctx.actor.userId) {
    const known = await ctx.deps.store.findPerson(ctx.workspace.id, only.id);
    if (!known) return [ok(`${only.name ?? only.id} is not marked away.`)];
    return showAway(ctx, known, false);
  }
  const { person, rest, self } = await subjectOf(ctx, args.words, "set time away for someone else");
  if (rest.length === 0) return showAway(ctx, person, self);
  const tz = personZone(ctx, person);
  const period = periodOf(ctx, rest, tz);
  const existing = await ctx.deps.sponsors.awayPeriods(ctx.workspace.id, [person.id], ctx.now);
  const clash = existing.find((p) => p.from < period.until && period.from < p.until);
  if (clash) {
    throw new PulseError(
      "conflict",
      `${self ? "You are" : `${person.displayName} is`} already away ${describe(clash, tz)}.`,
      ["Type `/pulse back` first to end that, or pick dates that do not overlap."],
    );
  }
  const notices = await longAbsenceNotices(ctx, person, period);
  const saved = await ctx.deps.sponsors.addAway(
    { workspaceId: ctx.workspace.id, personId: person.id, ...period },
    ctx.audit,
    notices,
  );
  const who = self ? "You are" : `${person.displayName} is`;
  const lines = [
    `No check-ins or reminders meanwhile; the silence does not count against ${self ? "your" : "their"} initiatives.`,
    "The next check-in after that comes at the next normal slot.",
  ];
  if (notices.length)
    lines.push("That is a long absence: the PMO and the leads are told, to consider an interim sponsor.");
  const head =
    saved.from > ctx.now
      ? `${self ? "You will be" : `${person.displayName} will be`} away from ${describe(saved, tz)}.`
      : `${who} ${awayLabel(saved, tz)} (from ${isoDay(saved.from, tz)}).`;
  return [ok(head, lines)];
}

/** `/pulse back [@person]`: ends the current time away now. */
export async function backCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const { person, rest, self } = await subjectOf(ctx, args.words, "mark someone else back");
  if (rest.length)
    throw new PulseError("usage", "`/pulse back` takes no dates.", [
      "`/pulse back`",
      "`/pulse back @person` (PMO admins)",
    ]);
  const ended = await ctx.deps.sponsors.endAway(ctx.workspace.id, person.id, ctx.audit);
  const who = self ? "You" : person.displayName;
  if (!ended) return [ok(`${who} ${self ? "are" : "is"} not marked away; nothing to end.`)];
  return [
    ok(`Welcome back${self ? "" : `, ${person.displayName}`}. Check-ins resume at the next normal slot.`),
  ];
}
