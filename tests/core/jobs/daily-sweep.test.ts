import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { escalate } from "../../../src/checkins/escalate.js";
import { ManualClock } from "../../../src/core/clock.js";
import { tick } from "../../../src/jobs/tick.js";
import { importCsv } from "../../../src/portfolio/import-export.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";

// The repositories' own breather (a turn every 10 ms of SQLite work) would hide whether the sweep
// yields between its slices: without it, only the sweep's turns let the loop run.
vi.mock("../../../db/repositories/breathe.js", () => ({ breathe: async () => undefined }));

const CREATED = "2026-01-05T08:00:00Z";
/** The next day's first tick: the daily sweep runs. */
const NEXT_DAY = new Date("2026-01-06T10:00:00Z");
const SIZE = 240;

/** Every third initiative has a sponsor; the others are unsponsored, which the sweep escalates. */
function portfolioCsv(): string {
  const rows = ["name,sponsor,lead,stage"];
  for (let i = 0; i < SIZE; i++)
    rows.push(`Initiative ${i},${i % 3 === 0 ? `ana${i % 7}` : ""},bo${i % 5},poc`);
  return `${rows.join("\n")}\n`;
}

const opened: TestPulse[] = [];
afterEach(async () => {
  for (const pulse of opened.splice(0)) await pulse.close();
});

async function portfolio(): Promise<TestPulse> {
  const pulse = await createTestPulse({ clock: new ManualClock(CREATED) });
  opened.push(pulse);
  await pulse.deps.store.ensureWorkspace("local", "shell", pulse.clock.now());
  await importCsv(pulse.deps, "local", portfolioCsv());
  return pulse;
}

/** What the sweep leaves behind: escalation steps and their messages, in the order written. */
function escalationsOf(pulse: TestPulse) {
  const sql = pulse.db.$client;
  return {
    steps: sql.prepare("select initiative_id, episode, level, reasons from escalations order by id").all(),
    messages: sql
      .prepare(
        "select dedupe_key, target_kind, target_id, payload from outbox where purpose like 'escalation.%' order by id",
      )
      .all(),
  };
}

describe("the daily sweep", () => {
  it("escalates exactly what one pass over the whole portfolio escalates, in the same order", async () => {
    const whole = await portfolio();
    const workspace = await whole.deps.store.getWorkspace("local");
    if (!workspace) throw new Error("no workspace");
    const all = await whole.deps.store.listInitiatives("local");
    const expected = await escalate(whole.deps, workspace, all, NEXT_DAY);
    expect(expected).toBe(160);

    const sliced = await portfolio();
    const report = await tick(sliced.deps, NEXT_DAY, { sweep: { sliceMs: 0 } });
    expect(report.escalations).toBe(expected);
    expect(escalationsOf(sliced)).toEqual(escalationsOf(whole));
  });

  it("serves an HTTP request and timers between its slices", async () => {
    const pulse = await portfolio();
    const events: string[] = [];
    const server = createServer((_req, res) => {
      events.push("http");
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      let turns = 0;
      const counter = setInterval(() => turns++, 0);
      const swept = tick(pulse.deps, NEXT_DAY, { sweep: { sliceMs: 0 } }).then((r) => {
        events.push("sweep done");
        return r;
      });
      const answered = fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => {
        events.push(`answered ${await r.text()}`);
      });
      const report = await swept;
      clearInterval(counter);
      await answered;
      expect(report.escalations).toBe(160);
      // The request was read and answered while the sweep still had slices to go.
      expect(events.indexOf("http")).toBeLessThan(events.indexOf("sweep done"));
      expect(events.indexOf("answered ok")).toBeLessThan(events.indexOf("sweep done"));
      expect(turns).toBeGreaterThan(1);
    } finally {
      server.close();
    }
  });

  it("runs once a day", async () => {
    const pulse = await portfolio();
    expect((await tick(pulse.deps, NEXT_DAY)).escalations).toBe(160);
    const later = new Date(NEXT_DAY.getTime() + 3_600_000);
    expect((await tick(pulse.deps, later)).escalations).toBe(0);
  });
});
