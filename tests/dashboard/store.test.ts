/**
 * The dashboard's store on every dialect available (SQLite always, PostgreSQL with
 * PULSE_TEST_PG_URL): one secret for every process, each link usable once even when two replicas
 * race, and the trends' weekly counts, scoped to one workspace.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { AuditContext, Person } from "../../src/domain/types.js";
import { DIALECTS, type OpenedDialect, openDialect, PG_SKIP_REASON, PG_URL } from "../db-pg/dialects.js";

const at = new Date("2026-02-02T10:00:00Z");
const DAY = 86_400_000;
const WEEK = 7 * DAY;

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);

describe.each(DIALECTS)("the dashboard store on %s", (dialect) => {
  let db: OpenedDialect;
  let ana: Person;
  beforeEach(async () => {
    db = await openDialect(dialect, new ManualClock(at.toISOString()));
    await db.stores.store.ensureWorkspace("w1", "slack", at);
    await db.stores.store.ensureWorkspace("w2", "slack", at);
    ana = await db.stores.store.upsertPerson("w1", "U1", { displayName: "Ana" }, at);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("keeps the first secret offered, whoever asks later", async () => {
    const [a, b] = await Promise.all([
      db.stores.dashboard.storedSecret("first-secret", at),
      db.stores.dashboard.storedSecret("second-secret", at),
    ]);
    expect(a).toBe(b);
    expect(await db.stores.dashboard.storedSecret("third", at)).toBe(a);
  });

  it("a link's nonce is used once, even by two racing replicas", async () => {
    const results = await Promise.all([1, 2, 3].map(() => db.stores.dashboard.useLink("n1", at)));
    expect(results.sort()).toEqual([false, false, true]);
    expect(await db.stores.dashboard.useLink("n2", at)).toBe(true);
    // Long after, the record is pruned: an old link is refused by its expiry instead.
    await db.stores.dashboard.useLink("n3", new Date(at.getTime() + 2 * DAY));
    expect(await db.stores.dashboard.useLink("n1", new Date(at.getTime() + 2 * DAY))).toBe(true);
  });

  it("counts answered and missed check-ins and confidences per week, for the initiatives asked", async () => {
    const { store, checkins, dashboard } = db.stores;
    const audit: AuditContext = { actor: ana, platform: "slack", at };
    const make = (name: string, workspaceId = "w1") =>
      store.createInitiative(
        {
          workspaceId,
          name,
          slug: name.toLowerCase(),
          stage: "poc",
          cadence: "weekly",
          pmoChannel: null,
          successMetric: null,
          dataReadiness: null,
          sponsorIds: workspaceId === "w1" ? [ana.id] : [],
          leadIds: [],
          nextCheckinAt: null,
        },
        audit,
      );
    const one = await make("One");
    const two = await make("Two");
    const item = (id: number, week: number) => ({
      initiativeId: id,
      periodKey: `k${week}`,
      dueAt: new Date(at.getTime() + week * WEEK),
      windowClosesAt: new Date(at.getTime() + week * WEEK + 3 * DAY),
      remindAt: null,
      next: null,
    });
    const made = await checkins.createBatch(
      {
        workspaceId: "w1",
        sponsorPersonId: ana.id,
        items: [item(one.id, 0), item(two.id, 0), item(one.id, 1)],
        at,
      },
      () => [
        {
          workspaceId: "w1",
          platform: "slack",
          target: { kind: "user", id: "U1" },
          dedupeKey: "c",
          purpose: "checkin",
          message: { summary: "hi", sections: [] },
        },
      ],
    );
    await checkins.recordAnswer("w1", made[0]?.id ?? 0, { choice: "active", confidence: 4 }, audit);
    await checkins.recordAnswer("w1", made[2]?.id ?? 0, { choice: "limited", confidence: 2 }, audit);
    await checkins.closeMissed(new Date(at.getTime() + 10 * DAY));
    const weeks = [0, 1, 2].map((w) => ({
      start: new Date(at.getTime() + w * WEEK - DAY),
      end: new Date(at.getTime() + (w + 1) * WEEK - DAY),
    }));
    expect(await dashboard.responseByWeek("w1", [one.id, two.id], weeks)).toEqual([
      { answered: 1, missed: 1, confidenceSum: 4, confidenceCount: 1 },
      { answered: 1, missed: 0, confidenceSum: 2, confidenceCount: 1 },
      { answered: 0, missed: 0, confidenceSum: 0, confidenceCount: 0 },
    ]);
    expect((await dashboard.responseByWeek("w1", [two.id], weeks))[0]).toEqual({
      answered: 0,
      missed: 1,
      confidenceSum: 0,
      confidenceCount: 0,
    });
    // Another workspace's id list reads nothing of w1.
    expect((await dashboard.responseByWeek("w2", [one.id, two.id], weeks))[0]?.answered).toBe(0);
  });
});
