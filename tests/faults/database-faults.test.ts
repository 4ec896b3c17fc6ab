import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { Message } from "../../src/core/message.js";
import { spawnBot } from "../support/fault-bot.js";
import { outboxCounts } from "../support/fault-db.js";
import { recordResult } from "../support/fault-results.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { createTestPulse, dumpDatabase, replyText, type TestPulse } from "../support/pulse-fixture.js";
import { createRecordingPlatform } from "../support/recording-platform.js";
import { startSlackApiStub } from "../support/slack-api-stub.js";

const RETRY = /nothing was changed; please try again/i;

let pulse: TestPulse;
afterEach(async () => {
  await pulse?.close();
});

function choiceValue(msg: Message, label: string): string {
  for (const s of msg.sections)
    for (const c of s.controls ?? []) if (c.kind === "button" && c.label === label) return c.value;
  throw new Error(`no ${label} button`);
}

/** An initiative whose sponsor (ana) has an open check-in; returns the value of its "Actively" button. */
async function withOpenCheckin(): Promise<string> {
  const clock = new ManualClock("2026-03-02T07:00:00Z");
  const platform = createRecordingPlatform("shell", clock);
  pulse = await createTestPulse({ clock, platforms: [platform] });
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
  clock.set("2026-03-02T10:00:00Z");
  await pulse.tick();
  const prompt = platform.to("ana").at(-1);
  if (!prompt) throw new Error("no check-in was sent");
  return choiceValue(prompt.message, "Actively");
}

const answer = (value: string) =>
  pulse.core.handle({
    kind: "action",
    actor: { platform: "shell", workspaceId: "local", userId: "ana" },
    actionId: "checkin.choice",
    value,
    messageRef: "m",
  });
const note = (value: string, text: string) =>
  pulse.core.handle({
    kind: "action",
    actor: { platform: "shell", workspaceId: "local", userId: "ana" },
    actionId: "checkin.note",
    value: value.split(":")[0] ?? "",
    inputs: { "checkin.note": text },
    messageRef: "m",
  });
const stageMove = (note = "Pilot approved") =>
  pulse.run("bo", "stage", `churn architecture ${note} --force agreed`);

/**
 * The disk is full: the file may not grow by a page, and every audited write (each one writes its
 * audit entry in its transaction) needs a new page for a large row. SQLite then fails that statement
 * with SQLITE_FULL in the middle of the transaction, after the change itself was written.
 */
function fillDisk(db: Database.Database): () => void {
  db.exec("create table if not exists ballast (b blob)");
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
  for (const table of ["audit_log", "checkin_answers"]) {
    db.exec(
      `create temp trigger full_${table} after insert on main.${table} begin insert into main.ballast values (randomblob(20000)); end`,
    );
  }
  return () => {
    db.exec("drop trigger temp.full_audit_log; drop trigger temp.full_checkin_answers");
    db.pragma("max_page_count = 1073741823");
  };
}

describe("storage faults leave the database as it was and ask to retry", () => {
  it("SQLITE_BUSY past busy_timeout (another writer holds the lock) during an answer and a stage move", async () => {
    const value = await withOpenCheckin();
    pulse.db.$client.pragma("busy_timeout = 200");
    const other = new Database(pulse.file);
    other.exec("begin immediate");
    const before = dumpDatabase(pulse);
    try {
      expect(replyText(await answer(value))).toMatch(RETRY);
      expect(replyText(await stageMove())).toMatch(RETRY);
      expect(dumpDatabase(pulse)).toEqual(before);
    } finally {
      other.exec("rollback");
      other.close();
    }
    // Once the lock is gone the same gestures go through.
    expect(replyText(await answer(value))).not.toMatch(RETRY);
    expect(replyText(await stageMove())).toMatch(/moved Churn model/i);
    recordResult("database", { fault: "SQLITE_BUSY", gestures: 2, changed: 0 });
  });

  it("SQLITE_FULL (the file cannot grow) during an answer, a note and a stage move", async () => {
    const value = await withOpenCheckin();
    const cleanUp = fillDisk(pulse.db.$client);
    const before = dumpDatabase(pulse);
    expect(replyText(await stageMove(`Pilot approved: ${"evidence ".repeat(200)}`))).toMatch(RETRY);
    expect(replyText(await note(value, "We need a decision on the labelling budget. ".repeat(40)))).toMatch(
      RETRY,
    );
    expect(replyText(await answer(value))).toMatch(RETRY);
    expect(dumpDatabase(pulse)).toEqual(before);
    // Space again (the disk was cleaned up): the same stage move works.
    cleanUp();
    expect(replyText(await stageMove())).toMatch(/moved Churn model/i);
    recordResult("database", { fault: "SQLITE_FULL", gestures: 3, changed: 0 });
  });
});

describe("a concurrent `sponsor-pulse tick`", () => {
  it("is waited out by the bot's commands, and waits out the bot's writes, without surfacing SQLITE_BUSY", async () => {
    pulse = await createTestPulse();
    const sponsors = await seedDueCheckins(pulse.dir, 200);
    const stub = await startSlackApiStub();
    stub.latencyMs = 3;
    // The tick starts while another connection holds the write lock, well within busy_timeout.
    const lock = new Database(pulse.file);
    lock.exec("begin immediate");
    const tick = await spawnBot(
      {
        DATABASE_URL: pulse.file,
        SLACK_BOT_TOKEN: "xoxb-1-2-ConcurrentTickToken",
        SLACK_SIGNING_SECRET: "concurrent-tick-signing-secret",
        SLACK_API_URL: stub.apiUrl,
      },
      ["tick"],
    );
    await new Promise((r) => setTimeout(r, 1_000));
    lock.exec("rollback");
    lock.close();
    try {
      let commands = 0;
      let busy = 0;
      while (tick.child.exitCode === null || commands === 0) {
        const i = (commands % 200) + 1;
        const replies = await pulse.run(
          "pmo",
          "stage",
          `initiative-${i} ${commands % 2 ? "poc" : "architecture"} --force load test`,
          "T1",
          "slack",
        );
        if (RETRY.test(replyText(replies))) busy++;
        commands++;
        await new Promise((r) => setImmediate(r));
      }
      expect(await tick.exited).toBe(0);
      expect(tick.stdout()).toMatch(/200 check-ins.*delivered 200/);
      expect(tick.stderr()).not.toMatch(/SQLITE_BUSY|database is locked/i);
      expect(busy).toBe(0);
      expect(outboxCounts(pulse.file)).toEqual({ sent: 200 });
      expect(stub.messages).toHaveLength(sponsors.length);
      recordResult("database", {
        fault: "concurrent tick",
        commandsDuringTick: commands,
        busySurfaced: busy,
      });
    } finally {
      await stub.close();
    }
  });
});
