import { z } from "zod";
import { PulseError } from "../core/errors.js";
import { uniqueSlug } from "../domain/slug.js";
import { STAGES } from "../domain/stages.js";
import type { AuditContext, Initiative } from "../domain/types.js";
import type { CoreDeps } from "../ports/deps.js";
import type { NewInitiative } from "../ports/portfolio-store.js";
import { parseCadence } from "../schedule/cadence.js";
import { importWeeks, WeeksExportSchema } from "./transfer.js";

const PersonRef = z.object({ id: z.string().min(1), name: z.string().optional() });
const ExportedInitiative = z.object({
  slug: z.string().min(1),
  name: z.string().min(1).max(80),
  stage: z.enum(STAGES),
  cadence: z
    .string()
    .default("weekly")
    .refine((c) => {
      try {
        parseCadence(c);
        return true;
      } catch {
        return false;
      }
    }, "not a cadence (weekly, biweekly, monthly or a cron expression)"),
  channel: z.string().nullable().default(null),
  successMetric: z.string().nullable().default(null),
  dataReadiness: z.string().nullable().default(null),
  sponsors: z.array(PersonRef).default([]),
  leads: z.array(PersonRef).default([]),
});
const ExportSchema = z.object({ initiatives: z.array(ExportedInitiative).default([]) }).loose();

/**
 * `sponsor-pulse import <export.json>`: the initiatives of an `export --format json` that are not here yet,
 * then its away periods, delegates, holidays, countries and asks. Everything is checked before anything is
 * written. Returns the initiatives created.
 */
export async function importJsonExport(
  deps: CoreDeps,
  workspaceId: string,
  text: string,
): Promise<Initiative[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PulseError("invalid", "Nothing was imported: the file is not valid JSON.");
  }
  const parsed = ExportSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PulseError(
      "invalid",
      "Nothing was imported: the initiatives of this export are not valid.",
      parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const weeks = WeeksExportSchema.safeParse(raw);
  if (!weeks.success) {
    throw new PulseError(
      "invalid",
      "Nothing was imported: the away, delegates, holidays, countries or asks part is not valid.",
      weeks.error.issues.slice(0, 10).map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const now = deps.clock.now();
  const audit: AuditContext = { actor: null, label: "cli import", platform: "cli", at: now };
  const existing = await deps.store.listInitiatives(workspaceId);
  const byName = new Map(existing.map((i) => [i.name.toLowerCase(), i]));
  const taken = new Set(existing.map((i) => i.slug));
  const slugOf = new Map<string, string>();
  const inputs: NewInitiative[] = [];
  const personId = async (userId: string, name?: string) =>
    (await deps.store.upsertPerson(workspaceId, userId, name ? { displayName: name } : {}, now)).id;
  const fresh: { slug: string; source: (typeof parsed.data.initiatives)[number] }[] = [];
  for (const i of parsed.data.initiatives) {
    const here = byName.get(i.name.toLowerCase());
    if (here) {
      slugOf.set(i.slug, here.slug);
      continue;
    }
    const slug = taken.has(i.slug) ? uniqueSlug(i.name, taken) : i.slug;
    taken.add(slug);
    slugOf.set(i.slug, slug);
    fresh.push({ slug, source: i });
  }
  const unknown = weeks.data.asks.map((a) => a.initiative).filter((s) => !slugOf.has(s) && !taken.has(s));
  if (unknown.length)
    throw new PulseError("not_found", "Nothing was imported: asks name unknown initiatives.", [
      ...new Set(unknown),
    ]);
  // Checked: from here on, writes.
  for (const { slug, source: i } of fresh) {
    inputs.push({
      workspaceId,
      name: i.name,
      slug,
      stage: i.stage,
      cadence: i.cadence,
      pmoChannel: i.channel,
      successMetric: i.successMetric,
      dataReadiness: i.dataReadiness,
      sponsorIds: await Promise.all(i.sponsors.map((p) => personId(p.id, p.name))),
      leadIds: await Promise.all(i.leads.map((p) => personId(p.id, p.name))),
      nextCheckinAt: null,
    });
  }
  const created = inputs.length ? await deps.store.createInitiatives(inputs, audit) : [];
  for (const initiative of created) await deps.schedule.reschedule(initiative, now);
  // Asks keep naming initiatives by the exported slug; point them at the slug each got here.
  const rawAsks = (raw as { asks?: { initiative: string }[] }).asks ?? [];
  const asks = rawAsks.map((a) => ({ ...a, initiative: slugOf.get(a.initiative) ?? a.initiative }));
  await importWeeks(deps, workspaceId, { ...(raw as object), asks }, audit);
  return created;
}
