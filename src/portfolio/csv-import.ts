import { parse } from "csv-parse/sync";
import { z } from "zod";
import { PulseError } from "../core/errors.js";
import { parseStage } from "../domain/stages.js";
import { formatCadence, parseCadence } from "../schedule/cadence.js";

export const IMPORT_COLUMNS = [
  "name",
  "sponsor",
  "lead",
  "stage",
  "cadence",
  "channel",
  "success_metric",
  "data_readiness",
] as const;

/** Columns `export --format csv` adds after the import ones; ignored on import, so an export re-imports. */
export const EXPORT_ONLY = ["slug", "status", "engagement", "stage_entered_at"] as const;

const person = z
  .string()
  .trim()
  .transform((v) => v.replace(/^@/, ""))
  .refine((v) => /^[\p{L}\p{N}._-]+$/u.test(v), { message: "must be one user id (e.g. U0123ABC or ana)" });

const people = z
  .string()
  .trim()
  .transform((v) => v.split(/[;\s]+/).filter(Boolean))
  .pipe(z.array(person));

const optionalText = z
  .string()
  .trim()
  .max(2000, "is longer than 2,000 characters")
  .transform((v) => (v === "" ? null : v));

/** One CSV row, validated. Sponsor and lead are platform user ids of the target workspace. */
export const ImportRowSchema = z.object({
  name: z.string().trim().min(1, "is empty").max(80, "is longer than 80 characters"),
  sponsor: people.default([]),
  lead: people.pipe(z.array(z.string()).min(1, "is empty: every initiative needs a lead")),
  stage: z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return "strategy" as const;
      try {
        return parseStage(v);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `"${v}" is not a stage (strategy, poc, architecture, scaling, operational or 1–5)`,
        });
        return z.NEVER;
      }
    }),
  cadence: z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      try {
        return formatCadence(parseCadence(v));
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `"${v}" is not a cadence (weekly, biweekly, monthly or a cron expression)`,
        });
        return z.NEVER;
      }
    }),
  channel: optionalText.default(""),
  success_metric: optionalText.default(""),
  data_readiness: optionalText.default(""),
});

export type ImportRow = z.infer<typeof ImportRowSchema>;

/**
 * Parses the whole file and reports every bad row with its line number; returns rows only when all
 * of them are valid, so an import is all or nothing.
 */
export function parseImportCsv(text: string): ImportRow[] {
  let records: Record<string, string>[];
  let lines: number[];
  try {
    const parsed = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_")),
      skip_empty_lines: true,
      trim: false,
      bom: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    throw new PulseError(
      "invalid",
      `The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter(
    (h) =>
      !(IMPORT_COLUMNS as readonly string[]).includes(h) && !(EXPORT_ONLY as readonly string[]).includes(h),
  );
  if (records.length === 0)
    throw new PulseError("invalid", "The CSV has no rows.", [`Columns: ${IMPORT_COLUMNS.join(", ")}`]);
  if (unknown.length) {
    throw new PulseError(
      "invalid",
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.`,
      [`Columns: ${IMPORT_COLUMNS.join(", ")}`],
    );
  }
  const rows: ImportRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const line = lines[i] ?? i + 2;
    const result = ImportRowSchema.safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`line ${line}: ${String(issue.path[0] ?? "row")} ${issue.message}`);
      return;
    }
    const key = result.data.name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problems.push(`line ${line}: name "${result.data.name}" is already on line ${earlier}`);
    seen.set(key, line);
    rows.push(result.data);
  });
  if (problems.length) {
    throw new PulseError(
      "invalid",
      `Nothing was imported: ${problems.length} problem${problems.length > 1 ? "s" : ""} in the CSV.`,
      problems,
    );
  }
  return rows;
}
