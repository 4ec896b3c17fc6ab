/**
 * Builds large, realistic portfolios straight into a migrated SQLite file. Going through the
 * repositories would take minutes at 500,000 check-ins; plain prepared inserts in one transaction
 * take seconds, and the rows are the same shape the bot writes (same tables, keys and states).
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, openDatabase } from "../db/client.js";
import { parseCadence } from "../src/schedule/cadence.js";
import { slotsBetween, windowFor } from "../src/schedule/next-slot.js";

export const WORKSPACE = "T1";
export const PMO_CHANNEL = "CPMO";
export const PMO_USER = "UPMO";
const WEEK = 7 * 24 * 3600_000;
const STAGES = ["strategy", "poc", "architecture", "scaling", "operational"] as const;

export interface SeedOptions {
  initiatives: number;
  sponsors: number;
  /** Weeks of weekly check-in history before `now` (0: none). */
  historyWeeks: number;
  now: Date;
  /** Every initiative's next check-in (all in the same minute for the fan-out). */
  nextCheckinAt: Date;
  nextPeriodKey: string;
}

export interface Seeded {
  file: string;
  dir: string;
  checkins: number;
  slugs: string[];
}

export const sponsorUserId = (i: number) => `US${String(i).padStart(6, "0")}`;
export const leadUserId = (i: number) => `UL${String(i).padStart(6, "0")}`;
export const slugOf = (i: number) => `initiative-${String(i).padStart(6, "0")}`;

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `pulse-bench-${label}-`));
}

/** A copy of a seeded file (WAL checkpointed by the close), for a scenario that writes to it. */
export function copyDb(seeded: Seeded, label: string): string {
  const file = join(tempDir(label), "pulse.db");
  copyFileSync(seeded.file, file);
  return file;
}

/** Deterministic pseudo-random numbers, so every run seeds the same portfolio. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function seedPortfolio(options: SeedOptions, label = "seed"): Seeded {
  const dir = tempDir(label);
  const file = join(dir, "pulse.db");
  const db = openDatabase(file);
  const sql = db.$client;
  const random = rng(42);
  const now = options.now.getTime();
  const created = now - (options.historyWeeks + 2) * WEEK;
  const leads = Math.max(1, Math.ceil(options.initiatives / 10));
  const slots =
    options.historyWeeks > 0
      ? slotsBetween(
          { cadence: parseCadence("weekly"), tz: "UTC" },
          new Date(now - options.historyWeeks * WEEK),
          new Date(now - 1),
        )
      : [];
  const slugs: string[] = [];
  let checkinCount = 0;

  const insertPerson = sql.prepare(
    "insert into people (workspace_id, user_id, display_name, tz, is_bot, created_at) values (?, ?, ?, 'UTC', 0, ?)",
  );
  const insertInitiative = sql.prepare(
    `insert into initiatives (workspace_id, slug, name, name_key, stage, status, cadence, success_metric,
      data_readiness, stage_entered_at, created_at, updated_at, next_checkin_at, next_period_key)
     values (?, ?, ?, ?, ?, 'active', 'weekly', 'Cost per claim -10%', 'Claims data assessed', ?, ?, ?, ?, ?)`,
  );
  const insertRole = sql.prepare(
    "insert into initiative_roles (initiative_id, person_id, role, since) values (?, ?, ?, ?)",
  );
  const insertMove = sql.prepare(
    "insert into stage_history (initiative_id, from_stage, to_stage, by_person_id, platform, at) values (?, ?, ?, ?, 'slack', ?)",
  );
  const insertAudit = sql.prepare(
    "insert into audit_log (workspace_id, at, actor_person_id, actor_label, platform, action, initiative_id, details) values (?, ?, ?, 'PMO', 'slack', 'initiative.add', ?, '{}')",
  );
  const insertCheckin = sql.prepare(
    `insert into checkins (workspace_id, initiative_id, sponsor_person_id, period_key, due_at, window_closes_at,
      remind_at, reminded_at, status, choice, confidence, note, answered_at, answered_by_person_id, latency_seconds)
     values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = sql.prepare(
    "insert into checkin_answers (checkin_id, person_id, choice, confidence, note, platform, at) values (?, ?, ?, ?, ?, 'slack', ?)",
  );

  sql.transaction(() => {
    sql
      .prepare(
        "insert into workspaces (id, platform, name, default_channel, tz, settings, created_at) values (?, 'slack', 'Bench Corp', ?, 'UTC', '{}', ?)",
      )
      .run(WORKSPACE, PMO_CHANNEL, created);
    const admin = Number(insertPerson.run(WORKSPACE, PMO_USER, "PMO", created).lastInsertRowid);
    sql
      .prepare("insert into pmo_admins (workspace_id, person_id, added_at) values (?, ?, ?)")
      .run(WORKSPACE, admin, created);
    const sponsorIds: number[] = [];
    for (let s = 0; s < options.sponsors; s++)
      sponsorIds.push(
        Number(insertPerson.run(WORKSPACE, sponsorUserId(s), `Sponsor ${s}`, created).lastInsertRowid),
      );
    const sponsorOf = new Map<number, number>();
    const leadIds: number[] = [];
    for (let l = 0; l < leads; l++)
      leadIds.push(Number(insertPerson.run(WORKSPACE, leadUserId(l), `Lead ${l}`, created).lastInsertRowid));

    for (let i = 0; i < options.initiatives; i++) {
      const slug = slugOf(i);
      slugs.push(slug);
      const name = `Initiative ${String(i).padStart(6, "0")}`;
      const stage = STAGES[i % STAGES.length] as string;
      const entered = created + Math.floor(random() * (now - created));
      const id = Number(
        insertInitiative.run(
          WORKSPACE,
          slug,
          name,
          name.toLowerCase(),
          stage,
          entered,
          created,
          entered,
          options.nextCheckinAt.getTime(),
          options.nextPeriodKey,
        ).lastInsertRowid,
      );
      const sponsor = sponsorIds[i % sponsorIds.length] as number;
      insertRole.run(id, sponsor, "sponsor", created);
      insertRole.run(id, leadIds[i % leadIds.length] as number, "lead", created);
      insertMove.run(id, null, "strategy", admin, created);
      if (stage !== "strategy") insertMove.run(id, "strategy", stage, admin, entered);
      insertAudit.run(WORKSPACE, created, admin, id);
      sponsorOf.set(id, sponsor);
    }
    // Week by week across the portfolio, the order the bot writes them (rows cluster by time).
    for (const slot of slots) {
      for (const [id, sponsor] of sponsorOf) {
        const due = slot.at.getTime();
        const window = windowFor(slot.at);
        const answered = random() < 0.85;
        const latency = Math.floor(random() * 40 * 3600);
        const choice = answered ? (random() < 0.9 ? "active" : "limited") : null;
        const confidence = answered ? 1 + Math.floor(random() * 5) : null;
        const note = answered && random() < 0.05 ? "Need a data engineer for the pipeline" : null;
        const checkinId = Number(
          insertCheckin.run(
            WORKSPACE,
            id,
            sponsor,
            slot.periodKey,
            due,
            window.closesAt.getTime(),
            window.remindAt.getTime(),
            answered ? "answered" : "missed",
            choice,
            confidence,
            note,
            answered ? due + latency * 1000 : null,
            answered ? sponsor : null,
            answered ? latency : null,
          ).lastInsertRowid,
        );
        if (answered) insertAnswer.run(checkinId, sponsor, choice, confidence, note, due + latency * 1000);
        checkinCount++;
      }
    }
  })();
  closeDatabase(db);
  return { file, dir, checkins: checkinCount, slugs };
}
