import { z } from "zod";
import { PulseError } from "../core/errors.js";
import type { AuditContext } from "../domain/types.js";
import { ASK_STATUSES } from "../ports/ask-store.js";
import type { CoreDeps } from "../ports/deps.js";
import type { WeeksImport } from "../ports/sponsor-store.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a YYYY-MM-DD date");

/** The export's part for sponsors' real weeks; `import` reads the same shape back. */
export const WeeksExportSchema = z.object({
  away: z
    .array(
      z.object({
        person: z.string().min(1),
        from: Instant,
        until: Instant,
        note: z.string().max(200).nullable(),
      }),
    )
    .default([]),
  delegates: z.array(z.object({ sponsor: z.string().min(1), delegate: z.string().min(1) })).default([]),
  holidays: z
    .array(
      z.object({ date: Day, country: z.string().length(2).nullable(), name: z.string().max(80).nullable() }),
    )
    .default([]),
  countries: z.array(z.object({ person: z.string().min(1), country: z.string().length(2) })).default([]),
  asks: z
    .array(
      z.object({
        initiative: z.string().min(1),
        sponsor: z.string().min(1),
        askedBy: z.string().nullable(),
        text: z.string().min(1).max(2_000),
        dueAt: Instant.nullable(),
        createdAt: Instant,
        status: z.enum(ASK_STATUSES),
        response: z.string().max(2_000).nullable(),
        respondedAt: Instant.nullable(),
        closedAt: Instant.nullable(),
      }),
    )
    .default([]),
});
export type WeeksExport = z.input<typeof WeeksExportSchema>;

/** Away periods, delegates, holidays, countries and asks of one workspace, by platform user id and slug. */
export async function exportWeeks(deps: CoreDeps, workspaceId: string) {
  const initiatives = await deps.store.listInitiatives(workspaceId);
  const people = new Map(
    initiatives.flatMap((i) => [...i.sponsors, ...i.leads].map((p) => [p.id, p] as const)),
  );
  const person = async (id: number | null) => {
    if (id === null) return null;
    const p = people.get(id) ?? (await deps.store.getPerson(workspaceId, id));
    if (p) people.set(id, p);
    return p?.userId ?? null;
  };
  const sponsorIds = [...new Set(initiatives.flatMap((i) => i.sponsors.map((p) => p.id)))];
  const away = [];
  const everyone = [...new Set([...sponsorIds, ...people.keys()])];
  for (const a of await deps.sponsors.awayPeriods(workspaceId, everyone))
    away.push({ person: await person(a.personId), from: iso(a.from), until: iso(a.until), note: a.note });
  const delegates = [];
  const countries = [];
  for (const id of everyone) {
    const d = await deps.sponsors.delegateOf(workspaceId, id);
    if (d) delegates.push({ sponsor: await person(id), delegate: d.userId });
    const p = people.get(id);
    if (p?.country) countries.push({ person: p.userId, country: p.country });
  }
  const slug = new Map(initiatives.map((i) => [i.id, i.slug]));
  const asks = [];
  for (const a of await deps.asks.listAsks(workspaceId))
    asks.push({
      initiative: slug.get(a.initiativeId) ?? "",
      sponsor: await person(a.sponsorPersonId),
      askedBy: await person(a.createdByPersonId),
      text: a.text,
      dueAt: iso(a.dueAt),
      createdAt: iso(a.createdAt),
      status: a.status,
      response: a.response,
      respondedAt: iso(a.respondedAt),
      closedAt: iso(a.closedAt),
    });
  return { away, delegates, holidays: await deps.sponsors.holidays(workspaceId), countries, asks };
}

/**
 * Reads an export's weeks part into a workspace whose initiatives exist (by slug): everything is checked
 * first, then written in one transaction. Returns how many records were imported.
 */
export async function importWeeks(deps: CoreDeps, workspaceId: string, raw: unknown, audit: AuditContext) {
  const parsed = WeeksExportSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PulseError(
      "invalid",
      "Nothing was imported: the away, delegates, holidays, countries or asks part is not valid.",
      parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const data = parsed.data;
  const initiatives = new Map((await deps.store.listInitiatives(workspaceId)).map((i) => [i.slug, i]));
  const missing = [...new Set(data.asks.map((a) => a.initiative).filter((s) => !initiatives.has(s)))];
  if (missing.length)
    throw new PulseError("not_found", "Nothing was imported: asks name unknown initiatives.", missing);
  const bad = data.away.filter((a) => a.until <= a.from).map((a) => `${a.person}: ${a.from.toISOString()}`);
  if (bad.length)
    throw new PulseError("invalid", "Nothing was imported: away periods that end before they start.", bad);
  if (!deps.sponsors.importWeeks)
    throw new PulseError(
      "config",
      "This database cannot import away periods, delegates, holidays and asks yet.",
    );
  const ids = new Map<string, number>();
  const userIds = [
    ...data.away.map((a) => a.person),
    ...data.delegates.flatMap((d) => [d.sponsor, d.delegate]),
    ...data.countries.map((c) => c.person),
    ...data.asks.flatMap((a) => (a.askedBy ? [a.sponsor, a.askedBy] : [a.sponsor])),
  ];
  for (const userId of new Set(userIds))
    ids.set(userId, (await deps.store.upsertPerson(workspaceId, userId, {}, audit.at)).id);
  const id = (userId: string) => ids.get(userId) as number;
  const input: WeeksImport = {
    away: data.away.map((a) => ({ personId: id(a.person), from: a.from, until: a.until, note: a.note })),
    delegates: data.delegates.map((d) => ({ personId: id(d.sponsor), delegatePersonId: id(d.delegate) })),
    holidays: data.holidays.map((h) => ({ ...h, country: h.country?.toUpperCase() ?? null })),
    countries: data.countries.map((c) => ({ personId: id(c.person), country: c.country.toUpperCase() })),
    asks: data.asks.map((a) => ({
      ...a,
      initiativeId: initiatives.get(a.initiative)?.id as number,
      sponsorPersonId: id(a.sponsor),
      createdByPersonId: a.askedBy ? id(a.askedBy) : null,
    })),
  };
  return deps.sponsors.importWeeks(workspaceId, input, audit);
}
