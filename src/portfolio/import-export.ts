import { stringify } from "csv-stringify/sync";
import { PulseError } from "../core/errors.js";
import { uniqueSlug } from "../domain/slug.js";
import type { AuditContext, Initiative } from "../domain/types.js";
import type { CoreDeps } from "../ports/deps.js";
import { importJsonExport } from "../sponsors/json-import.js";
import { exportWeeks } from "../sponsors/transfer.js";
import { EXPORT_ONLY, IMPORT_COLUMNS, type ImportRow, parseImportCsv } from "./csv-import.js";

/** Imports a CSV into one workspace: every row or none. Returns the initiatives created. */
export async function importCsv(deps: CoreDeps, workspaceId: string, text: string): Promise<Initiative[]> {
  // An `export --format json` file: its initiatives plus away periods, delegates, holidays and asks.
  if (text.trimStart().startsWith("{")) return importJsonExport(deps, workspaceId, text);
  const rows = parseImportCsv(text);
  const now = deps.clock.now();
  const workspace = await deps.store.getWorkspace(workspaceId);
  if (!workspace) {
    throw new PulseError("not_found", `Workspace "${workspaceId}" does not exist yet.`, [
      "Start the bot once in that workspace, or import into `local` (the terminal's workspace).",
    ]);
  }
  const existing = await deps.store.listInitiatives(workspaceId);
  const clash = rows.filter((r) => existing.some((i) => i.name.toLowerCase() === r.name.toLowerCase()));
  if (clash.length) {
    throw new PulseError(
      "conflict",
      "Nothing was imported: these initiatives already exist.",
      clash.map((r) => r.name),
    );
  }
  const audit: AuditContext = { actor: null, label: "cli import", platform: "cli", at: now };
  const personId = async (userId: string) => (await deps.store.upsertPerson(workspaceId, userId, {}, now)).id;
  const taken = new Set(existing.map((i) => i.slug));
  const inputs = [];
  for (const row of rows) {
    const slug = uniqueSlug(row.name, taken);
    taken.add(slug);
    inputs.push(await toNewInitiative(row, workspaceId, slug, personId));
  }
  const created = await deps.store.createInitiatives(inputs, audit);
  for (const initiative of created) await deps.schedule.reschedule(initiative, now);
  return created;
}

async function toNewInitiative(
  row: ImportRow,
  workspaceId: string,
  slug: string,
  personId: (id: string) => Promise<number>,
) {
  return {
    workspaceId,
    name: row.name,
    slug,
    stage: row.stage,
    cadence: row.cadence,
    pmoChannel: row.channel?.replace(/^#/, "") ?? null,
    successMetric: row.success_metric,
    dataReadiness: row.data_readiness,
    sponsorIds: await Promise.all(row.sponsor.map(personId)),
    leadIds: await Promise.all(row.lead.map(personId)),
    nextCheckinAt: null,
  };
}

/** Everything about one workspace's portfolio, for `export --format json`. */
export async function exportWorkspace(deps: CoreDeps, workspaceId: string) {
  const now = deps.clock.now();
  const initiatives = await deps.store.listInitiatives(workspaceId);
  const engagement = await deps.insights.engagement(workspaceId, initiatives, now);
  const history = [];
  for (const i of initiatives)
    history.push(
      ...(await deps.store.stageHistory(workspaceId, i.id)).map((h) => ({ initiative: i.slug, ...h })),
    );
  return {
    workspace: workspaceId,
    exportedAt: now.toISOString(),
    initiatives: initiatives.map((i) => ({
      slug: i.slug,
      name: i.name,
      stage: i.stage,
      status: i.status,
      statusReason: i.statusReason,
      cadence: i.cadence,
      channel: i.pmoChannel,
      successMetric: i.successMetric,
      dataReadiness: i.dataReadiness,
      sponsors: i.sponsors.map((p) => ({ id: p.userId, name: p.displayName })),
      leads: i.leads.map((p) => ({ id: p.userId, name: p.displayName })),
      stageEnteredAt: i.stageEnteredAt.toISOString(),
      createdAt: i.createdAt.toISOString(),
      engagement: engagement.get(i.id) ?? null,
    })),
    stageHistory: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    auditLog: (await deps.store.auditLog(workspaceId)).map((a) => ({ ...a, at: a.at.toISOString() })),
    ...(await exportWeeks(deps, workspaceId)),
  };
}

/** The initiatives as CSV: the import columns first (so an export re-imports), then the state. */
export function initiativesCsv(data: Awaited<ReturnType<typeof exportWorkspace>>): string {
  return stringify(
    data.initiatives.map((i) => ({
      name: i.name,
      sponsor: i.sponsors.map((p) => p.id).join(";"),
      lead: i.leads.map((p) => p.id).join(";"),
      stage: i.stage,
      cadence: i.cadence,
      channel: i.channel ?? "",
      success_metric: i.successMetric ?? "",
      data_readiness: i.dataReadiness ?? "",
      slug: i.slug,
      status: i.status,
      engagement: i.engagement?.state ?? "",
      stage_entered_at: i.stageEnteredAt,
    })),
    {
      header: true,
      columns: [...IMPORT_COLUMNS, ...EXPORT_ONLY],
    },
  );
}
