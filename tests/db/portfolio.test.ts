import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditContext, Person } from "../../src/domain/types.js";
import type { PortfolioStore } from "../../src/ports/portfolio-store.js";
import { createTestPulse, dumpDatabase, type TestPulse } from "../support/pulse-fixture.js";

let pulse: TestPulse;
let store: PortfolioStore;
let ana: Person;
const at = new Date("2026-02-02T10:00:00Z");
const audit = (): AuditContext => ({ actor: ana, platform: "shell", at });

const input = (name: string, slug: string) => ({
  workspaceId: "w1",
  name,
  slug,
  stage: "strategy" as const,
  cadence: "weekly",
  pmoChannel: null,
  successMetric: null,
  dataReadiness: null,
  sponsorIds: [ana.id],
  leadIds: [ana.id],
  nextCheckinAt: null,
});

beforeEach(async () => {
  pulse = await createTestPulse();
  store = pulse.deps.store;
  await store.ensureWorkspace("w1", "slack", at);
  await store.ensureWorkspace("w2", "slack", at);
  ana = await store.upsertPerson("w1", "U1", { displayName: "Ana", tz: "Europe/Paris" }, at);
});

afterEach(async () => {
  await pulse.close();
});

describe("the portfolio repository on a migrated SQLite file", () => {
  it("runs with WAL and foreign keys on", () => {
    expect(pulse.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(pulse.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("creates people once and updates their profile", async () => {
    const again = await store.upsertPerson("w1", "U1", { tz: "Europe/Berlin" }, at);
    expect(again.id).toBe(ana.id);
    expect(again.displayName).toBe("Ana");
    expect(again.tz).toBe("Europe/Berlin");
    const other = await store.upsertPerson("w2", "U1", {}, at);
    expect(other.id).not.toBe(ana.id);
    expect(other.displayName).toBe("U1");
  });

  it("writes an initiative, its roles, its first stage and its audit entry together", async () => {
    const created = await store.createInitiative(input("Churn", "churn"), audit());
    expect(created.sponsors.map((p) => p.displayName)).toEqual(["Ana"]);
    expect(await store.stageHistory("w1", created.id)).toHaveLength(1);
    expect((await store.auditLog("w1")).map((a) => a.action)).toEqual(["initiative.add"]);
    expect(await store.getInitiative("w2", created.id)).toBeUndefined();
  });

  it("rolls a batch back whole when one row fails", async () => {
    await store.createInitiative(input("Churn", "churn"), audit());
    const before = dumpDatabase(pulse);
    await expect(
      store.createInitiatives([input("A", "a"), input("churn", "churn-2")], audit()),
    ).rejects.toThrow(/already an initiative/);
    expect(dumpDatabase(pulse)).toEqual(before);
  });

  it("refuses a stage move when the stage changed underneath (no lost update)", async () => {
    const created = await store.createInitiative(input("Churn", "churn"), audit());
    await store.moveStage(
      "w1",
      created.id,
      { from: "strategy", to: "poc", note: null, forcedReason: "x" },
      audit(),
    );
    const before = dumpDatabase(pulse);
    await expect(
      store.moveStage(
        "w1",
        created.id,
        { from: "strategy", to: "architecture", note: null, forcedReason: null },
        audit(),
      ),
    ).rejects.toThrow(/changed while you were typing/);
    expect(dumpDatabase(pulse)).toEqual(before);
  });

  it("keeps admins per workspace", async () => {
    expect(await store.setAdmin("w1", ana.id, true, audit())).toBe(true);
    expect(await store.setAdmin("w1", ana.id, true, audit())).toBe(false);
    expect(await store.isAdmin("w1", ana.id)).toBe(true);
    expect(await store.listAdmins("w2")).toEqual([]);
  });
});
