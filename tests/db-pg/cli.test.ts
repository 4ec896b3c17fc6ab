/**
 * `sponsor-pulse migrate` on both dialects, and `copy` moving a whole installation SQLite →
 * PostgreSQL → SQLite with every export identical; a non-empty target is refused and left alone.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { runCli } from "../support/cli.js";
import { createTestPulse } from "../support/pulse-fixture.js";
import { DIALECTS, type Dialect, PG_SKIP_REASON, PG_URL, type Scratch, scratchDatabase } from "./dialects.js";

const scratches: Scratch[] = [];
afterAll(async () => {
  for (const s of scratches) await s.drop();
}, 60_000);

async function scratch(dialect: Dialect): Promise<string> {
  const s = await scratchDatabase(dialect);
  scratches.push(s);
  return s.url;
}

/** A small installation made through the real core on SQLite: initiatives, a stage move, a tick. */
async function installation(): Promise<string> {
  const url = await scratch("sqlite");
  const dir = url.slice(0, -"/pulse.db".length);
  const pulse = await createTestPulse({ dir, clock: new ManualClock("2026-01-05T08:00:00Z") });
  try {
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    await pulse.run("pmo", "initiative", "add Fraud radar --sponsor <@cy|cy> --lead <@bo|bo> --stage poc");
    await pulse.run("pmo", "stage", "churn poc --force metric pending");
    await pulse.tick(new Date("2026-01-12T10:00:00Z"));
  } finally {
    await pulse.close();
  }
  return join(dir, "pulse.db");
}

const exportOf = async (url: string) => {
  const res = await runCli(["export", "--format", "json", "--workspace", "local"], {
    env: { DATABASE_URL: url },
  });
  expect(res.code, res.stderr).toBe(0);
  const data = JSON.parse(res.stdout) as Record<string, unknown>;
  expect(data.initiatives).toHaveLength(2);
  return { ...data, exportedAt: undefined };
};

describe.each(DIALECTS)("sponsor-pulse migrate on %s", (dialect) => {
  it("creates the schema and is idempotent", async () => {
    const url = await scratch(dialect);
    const first = await runCli(["migrate"], { env: { DATABASE_URL: url } });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Database ready at .* \(\d+ migrations applied\)\.\n$/);
    const again = await runCli(["migrate"], { env: { DATABASE_URL: url } });
    expect(again.stdout).toBe(first.stdout);
    if (dialect === "postgres") expect(first.stdout).not.toContain("127.0.0.1");
  }, 120_000);
});

describe("sponsor-pulse copy", () => {
  it("SQLite → SQLite keeps every row; a non-empty target is refused and unchanged", async () => {
    const from = await installation();
    const to = await scratch("sqlite");
    const res = await runCli(["copy", "--from", from, "--to", to]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Copied \d+ rows \(workspaces 1, people \d+/);
    const exported = await exportOf(from);
    expect(await exportOf(to)).toEqual(exported);
    const again = await runCli(["copy", "--from", from, "--to", to]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--to already holds data");
    expect(await exportOf(to)).toEqual(exported);
  }, 120_000);

  it.skipIf(!PG_URL)(
    "SQLite → PostgreSQL → SQLite: the same installation, and it keeps working",
    async () => {
      const from = await installation();
      const pg = await scratch("postgres");
      const back = await scratch("sqlite");
      expect((await runCli(["copy", "--from", from, "--to", pg])).code).toBe(0);
      const there = await runCli(["copy", "--from", pg, "--to", back]);
      expect(there.code, there.stderr).toBe(0);
      const exported = await exportOf(from);
      expect(await exportOf(pg)).toEqual(exported);
      expect(await exportOf(back)).toEqual(exported);
      // Ids continue after the copied ones: the next week's check-ins go in on PostgreSQL.
      const tick = await runCli(["tick", "--now", "2026-01-19T10:00:00Z"], { env: { DATABASE_URL: pg } });
      expect(tick.code, tick.stderr).toBe(0);
      expect(tick.stdout).toMatch(/2 check-ins/);
    },
    120_000,
  );

  if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);
});
