import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { digestReadsOver } from "../../db/repositories/digest-sql.js";
import { sqliteExecutor } from "../../db/sqlite/executor.js";
import { PulseError } from "../../src/core/errors.js";
import { buildDigest } from "../../src/digest/build.js";
import { type DigestPeriod, loadDigest } from "../../src/digest/load.js";
import { digestToText } from "../../src/digest/render.js";
import { DAY, NOW, SINCE, seedLargePortfolio, seedSmallPortfolio, week } from "../fixtures/digest/db-seed.js";

const now = NOW.getTime();
/** The store's rows of a SQLite file, as the core reads and assembles them. */
const loadDigestData = (d: Db, workspaceId: string, period: DigestPeriod) =>
  loadDigest({ digests: digestReadsOver(sqliteExecutor(d).dialect) }, workspaceId, period);
let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "digest-data-"));
  db = openDatabase(join(dir, "pulse.db"));
  seedSmallPortfolio(db);
});

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe("loadDigestData on a migrated SQLite file", () => {
  it("refuses an unknown workspace", async () => {
    await expect(loadDigestData(db, "nope", { now: NOW, since: SINCE })).rejects.toBeInstanceOf(PulseError);
  });

  it("scopes to the PMO channel: its own initiatives plus those without a channel", async () => {
    const data = await loadDigestData(db, "T1", { now: NOW, since: SINCE, channelId: "C-PMO" });
    expect(data.workspaceName).toBe("Acme");
    expect(data.initiatives.map((i) => i.slug).sort()).toEqual([
      "churn-predictor",
      "claims-triage",
      "demand-forecast",
      "invoice-ocr",
    ]);
    expect(data.events.closed).toEqual([
      {
        slug: "legacy-chatbot",
        name: "legacy chatbot",
        at: new Date(now - 3 * DAY),
        reason: "Replaced by the vendor tool",
      },
    ]);
    const other = await loadDigestData(db, "T1", { now: NOW, since: SINCE, channelId: "C-OTHER" });
    expect(other.initiatives.map((i) => i.slug)).toEqual(["contract-search"]);
    expect(other.events.stageMoves.map((m) => m.note)).toEqual(["Plan agreed"]);
  });

  it("derives engagement with the engagement model, from the full answer history", async () => {
    const data = await loadDigestData(db, "T1", { now: NOW, since: SINCE, channelId: "C-PMO" });
    const by = Object.fromEntries(data.initiatives.map((i) => [i.slug, i]));
    expect(by["claims-triage"]?.engagement).toEqual({ state: "engaged", reasons: [] });
    expect(by["claims-triage"]?.sponsorNames).toEqual(["Dana Reyes"]);
    expect(by["claims-triage"]?.leadNames).toEqual(["Lee Chen"]);
    expect(by["churn-predictor"]?.engagement.state).toBe("lapsed");
    expect(by["churn-predictor"]?.engagement.reasons[0]).toMatch(/^no answer since 2026-09-21 /);
    expect(by["demand-forecast"]?.engagement.state).toBe("unsponsored");
    expect(by["invoice-ocr"]?.engagement.state).toBe("engaged");
    // The chart's 8 weeks end on the states the digest gives now.
    expect(data.engagementWeeks).toHaveLength(8);
    const now = data.engagementWeeks?.at(-1)?.counts;
    for (const state of ["engaged", "lapsed", "unsponsored"] as const)
      expect(now?.[state]).toBe(data.initiatives.filter((i) => i.engagement.state === state).length);
  });

  it("collects the period's events, open escalations, 8 weeks of check-ins and sponsor notes", async () => {
    const data = await loadDigestData(db, "T1", { now: NOW, since: SINCE, channelId: "C-PMO" });
    expect(data.events.stageMoves).toEqual([
      {
        slug: "demand-forecast",
        name: "demand forecast",
        from: null,
        to: "strategy",
        by: "Lee Chen",
        note: null,
        forcedReason: null,
        at: new Date(now - 6 * DAY),
      },
    ]);
    expect(data.events.added.map((a) => [a.slug, a.stage])).toEqual([["demand-forecast", "strategy"]]);
    expect(data.events.stateChanges.map((c) => [c.slug, c.kind, c.state])).toEqual([
      ["churn-predictor", "lapse", "lapsed"],
      ["invoice-ocr", "recovery", "engaged"],
    ]);
    expect(data.openEscalations.map((e) => [e.slug, e.level])).toEqual([
      ["churn-predictor", "lapsing"],
      ["churn-predictor", "lapsed"],
    ]);
    // The trend sees 8 weeks: claims 8 of its 10, churn 8 of 10, invoice its 6, counted as they are read.
    expect(data.checkins).toEqual([]);
    expect(data.response).toEqual([
      { answered: 6, missed: 6, confidenceSum: 24, confidenceCount: 6 },
      { answered: 6, missed: 4, confidenceSum: 24, confidenceCount: 6 },
    ]);
    expect(data.notes).toEqual([
      {
        slug: "claims-triage",
        name: "claims triage",
        by: "Dana Reyes",
        text: "GPU budget sign-off by December",
        at: new Date(week(1) + 3_600_000),
      },
    ]);
    expect(data.previousSnapshot?.total).toBe(4);
    expect(data.settings).toEqual({
      stageThresholdsDays: { strategy: 60, poc: 100, architecture: 60, scaling: 120 },
      timeZone: "Europe/London",
    });
  });

  it("a workspace-wide load sees every channel and sums their last snapshots", async () => {
    const data = await loadDigestData(db, "T1", { now: NOW, since: SINCE });
    expect(data.initiatives).toHaveLength(5);
    expect(data.previousSnapshot?.total).toBe(5);
    expect(data.previousSnapshot?.byStage.poc).toBe(2);
  });

  it("reads only what the portfolio's weeks need when asked: open initiatives, no notes, no events", async () => {
    const reads = digestReadsOver(sqliteExecutor(db).dialect);
    const options = { now: NOW, since: SINCE, checkinsFrom: new Date(now - 30 * DAY) };
    const full = await reads.load("T1", options);
    const lean = await reads.load("T1", { ...options, weeksOnly: true });
    const open = full.initiatives.filter((i) => i.status !== "closed");
    const ids = new Set(open.map((i) => i.id));
    const order = (rows: typeof full.checkins) =>
      [...rows].sort((a, b) => a.initiativeId - b.initiativeId || a.dueAt.getTime() - b.dueAt.getTime());
    // What the lean read leaves out is there to leave out.
    expect(open.length).toBeLessThan(full.initiatives.length);
    expect(full.checkins.some((c) => c.note !== null)).toBe(true);
    expect(full.stageMoves.length).toBeGreaterThan(0);
    expect(lean.workspace).toEqual(full.workspace);
    expect(lean.initiatives).toEqual(open);
    expect(lean.roles).toEqual(full.roles);
    expect(order(lean.checkins)).toEqual(
      order(full.checkins.filter((c) => ids.has(c.initiativeId)).map((c) => ({ ...c, note: null }))),
    );
    expect([lean.stageMoves, lean.escalations, lean.snapshots]).toEqual([[], [], []]);
  });

  it("feeds the builder end to end", async () => {
    const data = await loadDigestData(db, "T1", { now: NOW, since: SINCE, channelId: "C-PMO" });
    const text = digestToText(buildDigest(data, NOW, data.settings));
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Weekly PMO digest · Acme",
      "4 initiatives · 2 need a sponsor conversation · 1 stuck in POC",
    ]);
    expect(text).toContain(
      "- claims triage [claims-triage] — POC for 150 days (threshold 100): pilot purgatory",
    );
    expect(text).toContain("- churn predictor [churn-predictor] — 17 Nov · became lapsed");
    expect(text).toContain("- invoice ocr [invoice-ocr] — 19 Nov · recovered: the sponsor is engaged again");
    expect(text).toContain("- Total 4 (change since the last digest)");
  });
});

describe("loadDigestData at 5,000 initiatives and 500,000 check-ins", () => {
  let big: Db;
  let bigDir: string;

  beforeAll(() => {
    bigDir = mkdtempSync(join(tmpdir(), "digest-scale-"));
    big = openDatabase(join(bigDir, "pulse.db"));
    seedLargePortfolio(big);
  });

  afterAll(() => {
    closeDatabase(big);
    rmSync(bigDir, { recursive: true, force: true });
  });

  it("reads a few set-based, indexed queries and gives a capped digest", async () => {
    const client = big.$client;
    const statements: string[] = [];
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof client.prepare;
    let data: Awaited<ReturnType<typeof loadDigestData>>;
    try {
      data = await loadDigestData(big, "T1", { now: NOW, since: SINCE, channelId: "C1" });
    } finally {
      client.prepare = prepare;
    }

    // Not one query per initiative: a fixed handful (+1 per 900 silent initiatives).
    expect(statements.length).toBeLessThanOrEqual(12);
    // No statement walks the whole check-in table.
    for (const sql of statements) {
      const params = Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
      const plan = client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      if (process.env.SHOW_PLANS)
        process.stdout.write(`${sql}\n${plan.map((p) => `  ${p.detail}`).join("\n")}\n`);
      for (const step of plan) expect(step.detail).not.toMatch(/^SCAN (checkins|"checkins")(?! USING)/);
    }

    expect(data.initiatives).toHaveLength(5000);
    const [recent, before] = data.response ?? [];
    expect(
      (recent?.answered ?? 0) + (recent?.missed ?? 0) + (before?.answered ?? 0) + (before?.missed ?? 0),
    ).toBe(5000 * 8);
    const lapsed = data.initiatives.filter((i) => i.engagement.state === "lapsed");
    expect(lapsed).toHaveLength(714);
    expect(lapsed[0]?.engagement.reasons[0]).toMatch(/^no answer since 2026-08-24 /);
    expect(data.engagementWeeks?.at(-1)?.counts.lapsed).toBe(714);

    const digest = buildDigest(data, NOW, data.settings);
    expect(digest.headline).toMatch(/^5,000 initiatives · 714 need a sponsor conversation · /);
    for (const s of digest.sections) expect(s.lines.length).toBeLessThanOrEqual(10);
    expect(digestToText(digest)).toContain("and 704 more — full list: `sponsor-pulse export`");
  });
});
