import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../db/client.js";
import { backupDatabase, backupFile } from "../../src/cli/backup.js";
import { runCli } from "../support/cli.js";
import { spawnBot, until } from "../support/fault-bot.js";
import { dumpFile, outboxCounts } from "../support/fault-db.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import { recordResult } from "../support/fault-results.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { commandBody, postSigned, startSlackApiStub } from "../support/slack-api-stub.js";

const BOT_TOKEN = "xoxb-4440001112-2223334445-BackupTestToken123";
const SIGNING_SECRET = "b4c5d6e7f8091a2b3c4d5e6f708192a3";
const SPONSORS = 300;

const dir = mkdtempSync(join(tmpdir(), "pulse-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sponsor-pulse backup", () => {
  it("copies the live database while the bot delivers; the restored copy exports the same", async () => {
    const live = join(dir, "pulse.db");
    await seedDueCheckins(dir, SPONSORS);
    const stub = await startSlackApiStub();
    // Sends after the 50th wait at the proxy until the backup is taken: the bot is mid-delivery.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const proxy = await startFaultProxy(stub.url, {
      beforeForward: (req) => (req.method === "chat.postMessage" && req.n > 50 ? gate : undefined),
    });
    const env = {
      DATABASE_URL: live,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: proxy.apiUrl,
      PMO_ADMINS: "U0PMO",
    };
    const bot = await spawnBot(env);
    try {
      // Mid-delivery: the bot is writing while the backup copies.
      await until(() => stub.messages.length >= 50);
      await until(() => (proxy.counts.get("chat.postMessage") ?? 0) > 50);
      const during = join(dir, "during.db");
      // In this process (the CLI verb is a thin wrapper, run below), while the bot process writes.
      expect((await backupFile(live, during)).integrity).toBe("ok");
      // A consistent snapshot: every check-in has its outbox message (they are written together).
      const copy = dumpFile(during);
      expect(copy.checkins?.length).toBeGreaterThan(50);
      expect(copy.outbox).toHaveLength(copy.checkins?.length ?? -1);
      const counts = outboxCounts(during);
      expect(counts.sent ?? 0).toBeLessThan(SPONSORS);
      release();

      await until(() => (outboxCounts(live).sent ?? 0) === SPONSORS);
      const add = commandBody({
        team_id: "T1",
        user_id: "U0PMO",
        user_name: "pat",
        channel_id: "C0PORT",
        command: "/initiative",
        text: "add Backup drill --sponsor <@US00001> --lead <@ULEAD>",
        trigger_id: "trig-backup",
        response_url: stub.responseUrl("backup"),
      });
      expect((await postSigned(`${bot.baseUrl}/slack/events`, SIGNING_SECRET, add)).status).toBe(200);
      await until(() => stub.responses("backup").length > 0);

      const after = join(dir, "after.db");
      const second = await runCli(["backup", after], { env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/integrity ok/);
      // A backup never overwrites.
      const db = openDatabase(live, { migrate: false });
      try {
        await expect(backupDatabase(db, after)).rejects.toThrow(/already exists/);
      } finally {
        closeDatabase(db);
      }
    } finally {
      release();
      await bot.stop();
      await proxy.close();
      await stub.close();
    }

    // Restore as documented: the backup file becomes the database of a fresh install.
    const restoredDir = mkdtempSync(join(dir, "restored-"));
    const restored = join(restoredDir, "pulse.db");
    copyFileSync(join(dir, "after.db"), restored);
    expect(existsSync(`${restored}-wal`)).toBe(false);
    const exportOf = async (file: string) => {
      const res = await runCli(["export", "--workspace", "T1"], { env: { DATABASE_URL: file } });
      expect(res.code, res.stderr).toBe(0);
      const { exportedAt: _when, ...data } = JSON.parse(res.stdout) as {
        exportedAt: string;
        initiatives: { name: string }[];
      };
      return data;
    };
    const [original, fromBackup] = await Promise.all([exportOf(live), exportOf(restored)]);
    expect(fromBackup).toEqual(original);
    expect(fromBackup.initiatives.map((i) => i.name)).toContain("Backup drill");
    expect(dumpFile(restored)).toEqual(dumpFile(live));
    const check = new Database(restored, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    recordResult("backup", { backups: 2, duringDelivery: 1, exportsEqual: true });
  }, 120_000);

  it("refuses to run without a file, and names the missing argument", async () => {
    const res = await runCli(["backup"], { env: { DATABASE_URL: join(dir, "x.db") } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/sponsor-pulse backup <file>/);
    // Never creates a database, and says what to use for PostgreSQL.
    await expect(backupFile(join(dir, "missing.db"), join(dir, "m.db"))).rejects.toThrow(/no database/);
    expect(existsSync(join(dir, "missing.db"))).toBe(false);
    await expect(backupFile("postgres://db/pulse", join(dir, "p.db"))).rejects.toThrow(/pg_dump/);
  });
});
