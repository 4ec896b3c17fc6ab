import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { PulseError } from "../core/errors.js";

export interface BackupReport {
  file: string;
  pages: number;
  integrity: string;
}

/**
 * An online, consistent copy of the live database (SQLite's backup API: a running bot keeps
 * reading and writing; pages it changes meanwhile are copied again). The copy is then checked.
 */
export async function backupDatabase(db: Db, target: string): Promise<BackupReport> {
  const file = resolve(target);
  if (existsSync(file)) {
    throw new PulseError("invalid", `${target} already exists; name a new file (a backup never overwrites).`);
  }
  if (resolve(db.$client.name) === file) {
    throw new PulseError("invalid", "The backup file must not be the database itself.");
  }
  const { totalPages } = await db.$client.backup(file);
  const copy = new Database(file, { readonly: true });
  try {
    const integrity = String(copy.pragma("integrity_check", { simple: true }));
    return { file, pages: totalPages, integrity };
  } finally {
    copy.close();
  }
}

/** `sponsor-pulse backup <file>`: the database at `databaseUrl` must exist (a backup never creates one). */
export async function backupFile(databaseUrl: string, target: string): Promise<BackupReport> {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new PulseError("invalid", "backup copies a SQLite file; back PostgreSQL up with pg_dump.");
  }
  if (!existsSync(databaseUrl)) {
    throw new PulseError("not_found", `There is no database at ${databaseUrl}; check DATABASE_URL.`);
  }
  const db = openDatabase(databaseUrl, { migrate: false });
  try {
    return await backupDatabase(db, target);
  } finally {
    closeDatabase(db);
  }
}
