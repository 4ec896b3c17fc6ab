import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseImportCsv } from "../../src/portfolio/csv-import.js";
import { exportWorkspace, importCsv, initiativesCsv } from "../../src/portfolio/import-export.js";
import { createTestPulse, dumpDatabase, type TestPulse } from "../support/pulse-fixture.js";

const GOOD = `name,sponsor,lead,stage,cadence,channel,success_metric
Churn model,ana,bo,pilot,weekly,pmo,Churn -3%
"Fraud scoring, EU",@cy,dee;bo,,biweekly,,
`;

describe("CSV parsing", () => {
  it("reads rows, aliases and defaults", () => {
    const rows = parseImportCsv(GOOD);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: "Churn model",
      sponsor: ["ana"],
      lead: ["bo"],
      stage: "poc",
      channel: "pmo",
    });
    expect(rows[1]).toMatchObject({
      name: "Fraud scoring, EU",
      sponsor: ["cy"],
      lead: ["dee", "bo"],
      stage: "strategy",
      cadence: "biweekly",
    });
  });

  it("reports every bad row with its line number", () => {
    const bad = `name,sponsor,lead,stage,cadence
Good one,ana,bo,poc,weekly
,ana,bo,poc,weekly
Third,ana,,warp,hourly
Good one,ana,bo,,
`;
    try {
      parseImportCsv(bad);
      expect.unreachable();
    } catch (error) {
      const details = (error as { details: string[] }).details;
      expect((error as Error).message).toBe("Nothing was imported: 5 problems in the CSV.");
      expect(details).toEqual([
        "line 3: name is empty",
        "line 4: lead is empty: every initiative needs a lead",
        'line 4: stage "warp" is not a stage (strategy, poc, architecture, scaling, operational or 1–5)',
        'line 4: cadence "hourly" is not a cadence (weekly, biweekly, monthly or a cron expression)',
        'line 5: name "Good one" is already on line 2',
      ]);
    }
  });

  it("refuses unknown columns and unreadable files", () => {
    expect(() => parseImportCsv("name,lead,colour\nx,bo,red\n")).toThrow(/Unknown column: colour/);
    expect(() => parseImportCsv('name,lead\n"unclosed,bo\n')).toThrow(/could not be read/);
    expect(() => parseImportCsv("name,lead\n")).toThrow(/no rows/);
  });
});

describe("import and export", () => {
  let pulse: TestPulse;
  beforeEach(async () => {
    pulse = await createTestPulse();
    await pulse.deps.store.ensureWorkspace("local", "shell", pulse.clock.now());
  });
  afterEach(async () => {
    await pulse.close();
  });

  it("imports all rows in one go and exports them back re-importably", async () => {
    const created = await importCsv(pulse.deps, "local", GOOD);
    expect(created.map((i) => i.slug)).toEqual(["churn-model", "fraud-scoring-eu"]);
    const data = await exportWorkspace(pulse.deps, "local");
    expect(data.initiatives.map((i) => [i.name, i.stage, i.leads.map((l) => l.id)])).toEqual([
      ["Churn model", "poc", ["bo"]],
      ["Fraud scoring, EU", "strategy", ["bo", "dee"]],
    ]);
    expect(data.auditLog.filter((a) => a.action === "initiative.add")).toHaveLength(2);
    const csv = initiativesCsv(data);
    expect(csv.split("\n")[0]).toBe(
      "name,sponsor,lead,stage,cadence,channel,success_metric,data_readiness,slug,status,engagement,stage_entered_at",
    );
    expect(parseImportCsv(csv)).toHaveLength(2);
  });

  it("writes nothing when one row clashes with an existing initiative", async () => {
    await importCsv(pulse.deps, "local", "name,lead\nChurn model,bo\n");
    const before = dumpDatabase(pulse);
    await expect(importCsv(pulse.deps, "local", "name,lead\nNew one,bo\nchurn MODEL,bo\n")).rejects.toThrow(
      /already exist/,
    );
    expect(dumpDatabase(pulse)).toEqual(before);
  });
});
