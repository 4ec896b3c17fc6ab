import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../../db/client.js";
import { loadDigestData } from "../../db/repositories/digest-data.js";
import {
  checkins,
  digests,
  escalations,
  initiativeRoles,
  initiatives,
  people,
  stageHistory,
  workspaces,
} from "../../db/schema.js";
import { PulseError } from "../../src/core/errors.js";
import { buildDigest } from "../../src/digest/build.js";
import { digestToText } from "../../src/digest/render.js";
import type { Stage } from "../../src/domain/stages.js";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T08:00:00Z");
const SINCE = new Date("2026-11-16T08:00:00Z");
const now = NOW.getTime();
/** Monday 09:00 UTC, `n` weeks before the Monday of NOW. */
const week = (n: number) => now + 3_600_000 - n * 7 * DAY;

let dir: string;
let db: Db;
const ids: Record<string, number> = {};

function person(workspaceId: string, userId: string, displayName: string): number {
  const row = db
    .insert(people)
    .values({ workspaceId, userId, displayName, tz: "UTC", createdAt: 0 })
    .returning({ id: people.id })
    .get();
  return row.id;
}

function initiative(
  slug: string,
  stage: Stage,
  over: Partial<typeof initiatives.$inferInsert> = {},
  roles: { sponsor?: number; lead?: number } = {},
): number {
  const row = db
    .insert(initiatives)
    .values({
      workspaceId: "T1",
      slug,
      name: slug.replace(/-/g, " "),
      nameKey: slug,
      stage,
      stageEnteredAt: now - 30 * DAY,
      createdAt: now - 300 * DAY,
      updatedAt: now - 300 * DAY,
      ...over,
    })
    .returning({ id: initiatives.id })
    .get();
  ids[slug] = row.id;
  if (roles.sponsor) {
    db.insert(initiativeRoles)
      .values({ initiativeId: row.id, personId: roles.sponsor, role: "sponsor", since: 0 })
      .run();
  }
  if (roles.lead) {
    db.insert(initiativeRoles)
      .values({ initiativeId: row.id, personId: roles.lead, role: "lead", since: 0 })
      .run();
  }
  return row.id;
}

/** Weekly check-ins, `pattern[0]` the oldest, ending with the one due last Monday (week 1). */
function history(slug: string, sponsor: number, pattern: string, confidence = 4, note?: string): void {
  const initiativeId = ids[slug] as number;
  [...pattern].forEach((letter, i) => {
    const dueAt = week(pattern.length - i);
    const answered = letter === "A";
    db.insert(checkins)
      .values({
        workspaceId: "T1",
        initiativeId,
        sponsorPersonId: sponsor,
        periodKey: `w${dueAt}`,
        dueAt,
        windowClosesAt: dueAt + 3 * DAY,
        status: answered ? "answered" : "missed",
        choice: answered ? "active" : null,
        confidence: answered ? confidence : null,
        answeredAt: answered ? dueAt + 3_600_000 : null,
        answeredByPersonId: answered ? sponsor : null,
        note: answered && i === pattern.length - 1 ? (note ?? null) : null,
      })
      .run();
  });
}

const snapshot = (total: number, poc: number) =>
  JSON.stringify({ total, byStage: { poc }, byState: { engaged: total } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "digest-data-"));
  db = openDatabase(join(dir, "pulse.db"));
  db.insert(workspaces)
    .values([
      {
        id: "T1",
        platform: "slack",
        name: "Acme",
        defaultChannel: "C-PMO",
        tz: "Europe/London",
        settings: JSON.stringify({ stageThresholdsDays: { poc: 100 } }),
        createdAt: 0,
      },
      { id: "T2", platform: "slack", name: "Other", createdAt: 0 },
    ])
    .run();
  const dana = person("T1", "U1", "Dana Reyes");
  const sam = person("T1", "U2", "Sam Okafor");
  const lee = person("T1", "U3", "Lee Chen");
  const tom = person("T1", "U4", "Tom Berg");
  const stranger = person("T2", "U1", "Someone Else");

  initiative("claims-triage", "poc", { stageEnteredAt: now - 150 * DAY }, { sponsor: dana, lead: lee });
  history("claims-triage", dana, "AAAAAAAAAA", 4, "GPU budget sign-off by December");
  db.insert(stageHistory)
    .values({
      initiativeId: ids["claims-triage"] as number,
      fromStage: "strategy",
      toStage: "poc",
      byPersonId: lee,
      platform: "slack",
      at: now - 150 * DAY,
    })
    .run();

  // Last answer 10 weeks ago, outside the 8-week window: the reason must still name its date.
  initiative("churn-predictor", "scaling", { pmoChannel: "C-PMO" }, { sponsor: sam, lead: lee });
  history("churn-predictor", sam, "AAMMMMMMMM", 3);
  db.insert(escalations)
    .values([
      {
        workspaceId: "T1",
        initiativeId: ids["churn-predictor"] as number,
        episode: 1,
        level: "lapsing",
        createdAt: now - 20 * DAY,
      },
      {
        workspaceId: "T1",
        initiativeId: ids["churn-predictor"] as number,
        episode: 1,
        level: "lapsed",
        createdAt: now - 6 * DAY,
      },
    ])
    .run();

  initiative("contract-search", "architecture", { pmoChannel: "C-OTHER" }, { sponsor: dana, lead: lee });
  history("contract-search", dana, "AAAA", 5);
  db.insert(stageHistory)
    .values({
      initiativeId: ids["contract-search"] as number,
      fromStage: "poc",
      toStage: "architecture",
      byPersonId: lee,
      note: "Plan agreed",
      platform: "slack",
      at: now - 5 * DAY,
    })
    .run();

  initiative(
    "demand-forecast",
    "strategy",
    { createdAt: now - 6 * DAY, updatedAt: now - 6 * DAY, stageEnteredAt: now - 6 * DAY },
    { lead: lee },
  );
  db.insert(stageHistory)
    .values({
      initiativeId: ids["demand-forecast"] as number,
      fromStage: null,
      toStage: "strategy",
      byPersonId: lee,
      platform: "slack",
      at: now - 6 * DAY,
    })
    .run();

  initiative("invoice-ocr", "operational", {}, { sponsor: tom, lead: lee });
  history("invoice-ocr", tom, "AAAMMA", 4);
  db.insert(escalations)
    .values({
      workspaceId: "T1",
      initiativeId: ids["invoice-ocr"] as number,
      episode: 2,
      level: "lapsing",
      createdAt: now - 10 * DAY,
      resolvedAt: now - 4 * DAY,
    })
    .run();

  initiative(
    "legacy-chatbot",
    "poc",
    { status: "closed", statusReason: "Replaced by the vendor tool", updatedAt: now - 3 * DAY },
    { sponsor: tom },
  );
  initiative(
    "old-closed",
    "poc",
    { status: "closed", statusReason: "Stopped", updatedAt: now - 90 * DAY },
    { sponsor: tom },
  );

  db.insert(initiatives)
    .values({
      workspaceId: "T2",
      slug: "claims-triage",
      name: "Foreign",
      nameKey: "foreign",
      stage: "poc",
      stageEnteredAt: 0,
      createdAt: now - DAY,
      updatedAt: 0,
    })
    .run();
  void stranger;

  db.insert(digests)
    .values([
      {
        workspaceId: "T1",
        channelId: "C-PMO",
        periodKey: "2026-W46",
        createdAt: SINCE.getTime(),
        snapshot: snapshot(4, 2),
      },
      {
        workspaceId: "T1",
        channelId: "C-PMO",
        periodKey: "2026-W45",
        createdAt: SINCE.getTime() - 7 * DAY,
        snapshot: snapshot(9, 9),
      },
      {
        workspaceId: "T1",
        channelId: "C-OTHER",
        periodKey: "2026-W46",
        createdAt: SINCE.getTime(),
        snapshot: snapshot(1, 0),
      },
      // This period's claimed but unfilled row must not count as "last week".
      { workspaceId: "T1", channelId: "C-PMO", periodKey: "2026-W47", createdAt: now - 1, snapshot: "{}" },
    ])
    .run();
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
    // The trend sees 8 weeks: claims 8 of its 10, churn 8 of 10, invoice its 6.
    expect(data.checkins).toHaveLength(8 + 8 + 6);
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
    const c = big.$client;
    // Raw prepared inserts: drizzle would spend most of the seed time building SQL text.
    c.prepare(
      "insert into workspaces (id, platform, name, default_channel, settings, created_at) values ('T1','slack','Big','C1','{}',0)",
    ).run();
    const person = c.prepare(
      "insert into people (workspace_id, user_id, display_name, created_at) values ('T1', ?, ?, 0)",
    );
    const init = c.prepare(
      "insert into initiatives (workspace_id, slug, name, name_key, stage, stage_entered_at, created_at, updated_at) values ('T1', ?, ?, ?, ?, ?, 0, 0)",
    );
    const role = c.prepare(
      "insert into initiative_roles (initiative_id, person_id, role, since) values (?, ?, 'sponsor', 0)",
    );
    const checkin = c.prepare(
      "insert into checkins (workspace_id, initiative_id, sponsor_person_id, period_key, due_at, window_closes_at, status, confidence, answered_at, answered_by_person_id) values ('T1', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const stages = ["strategy", "poc", "architecture", "scaling", "operational"];
    c.transaction(() => {
      for (let p = 1; p <= 500; p++) person.run(`U${p}`, `Sponsor ${p}`);
      for (let i = 1; i <= 5000; i++) {
        init.run(`init-${i}`, `Initiative ${i}`, `init-${i}`, stages[i % 5], now - (i % 200) * DAY);
        const sponsor = (i % 500) + 1;
        role.run(i, sponsor);
        // Every 7th sponsor went silent 12 weeks ago (lapsed); the others answer every week.
        for (let w = 100; w >= 1; w--) {
          const due = week(w);
          const ok = i % 7 !== 0 || w > 12;
          checkin.run(
            i,
            sponsor,
            `w${w}`,
            due,
            due + 3 * DAY,
            ok ? "answered" : "missed",
            ok ? 1 + ((i + w) % 5) : null,
            ok ? due + 3_600_000 : null,
            ok ? sponsor : null,
          );
        }
      }
    })();
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
    expect(data.checkins).toHaveLength(5000 * 8);
    const lapsed = data.initiatives.filter((i) => i.engagement.state === "lapsed");
    expect(lapsed).toHaveLength(714);
    expect(lapsed[0]?.engagement.reasons[0]).toMatch(/^no answer since 2026-08-24 /);

    const digest = buildDigest(data, NOW, data.settings);
    expect(digest.headline).toMatch(/^5,000 initiatives · 714 need a sponsor conversation · /);
    for (const s of digest.sections) expect(s.lines.length).toBeLessThanOrEqual(10);
    expect(digestToText(digest)).toContain("and 704 more — full list: `sponsor-pulse export`");
  });
});
