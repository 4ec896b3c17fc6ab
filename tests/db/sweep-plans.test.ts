/**
 * The daily sweep reads check-ins and escalations for a batch of initiatives of one workspace. On
 * SQLite those reads must stay on the per-initiative indexes: on the workspace-wide ones they read
 * every row of the workspace (390,000 check-ins at 15,000 initiatives) for each batch.
 */
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Executor } from "../../db/executor.js";
import { sqliteExecutor } from "../../db/sqlite/executor.js";
import { createCheckinStore } from "../../db/stores/checkin-store.js";
import { createTestPulse, type TestPulse } from "../support/pulse-fixture.js";

let pulse: TestPulse;
beforeEach(async () => {
  pulse = await createTestPulse();
});
afterEach(async () => {
  await pulse.close();
});

/** The plan SQLite chooses for each read the store runs. */
async function plansOf(read: (store: ReturnType<typeof createCheckinStore>) => Promise<unknown>) {
  const x = sqliteExecutor(pulse.db);
  const seen: SQL[] = [];
  const recording: Executor = {
    dialect: x.dialect,
    all: (q) => {
      seen.push(q);
      return x.all(q);
    },
    get: (q) => {
      seen.push(q);
      return x.get(q);
    },
    run: (q) => x.run(q),
    transaction: (work) => x.transaction(work),
  };
  await read(createCheckinStore(recording));
  const render = new SQLiteSyncDialect();
  return seen.map((q) => {
    const { sql: text, params } = render.sqlToQuery(q);
    const rows = pulse.db.$client.prepare(`explain query plan ${text}`).all(...params) as {
      detail: string;
    }[];
    return rows.map((r) => r.detail).join("; ");
  });
}

describe("the daily sweep's batch reads on SQLite", () => {
  it("read check-ins by initiative, not the workspace's whole history", async () => {
    const plans = await plansOf((s) => s.history("local", [1, 2, 3], new Date("2026-01-01T00:00:00Z")));
    expect(plans.join("\n")).toContain("checkins_initiative_due");
    expect(plans.join("\n")).not.toContain("checkins_ws_due");
  });

  it("read escalations by initiative, not every escalation of the workspace", async () => {
    const plans = await plansOf((s) => s.escalations("local", [1, 2, 3]));
    expect(plans.join("\n")).toContain("escalations_step");
    expect(plans.join("\n")).not.toContain("escalations_ws_open");
  });
});
