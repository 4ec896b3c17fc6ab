import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-e2e-"));
  env = { DATABASE_URL: join(dir, "pulse.db"), TZ_DEFAULT: "Europe/London" };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SCRIPT = `/initiative add Churn model --sponsor @ana --lead @bo --stage poc --channel #ai-pmo
/initiative add "Fraud scoring" --sponsor @cy --lead @bo
initiative list
:as bo
/stage churn arch Pilot approved
/stage fraud poc
/stage fraud poc --force board wants a pilot
:as zed
/stage churn scaling
/initiative show churn
:quit
/initiative list
`;

describe("the terminal bot, end to end", () => {
  it("runs a piped script through the shell adapter and exits at :quit", async () => {
    const result = await runCli(["start", "--as", "pmo"], { env, input: SCRIPT });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("pmo> /initiative add Churn model");
    expect(out).toContain("Added Churn model (`churn-model`).");
    expect(out).toContain("Added Fraud scoring (`fraud-scoring`).");
    expect(out).toMatch(/Churn model \(`churn-model`\) · POC 0d · engaged · sponsor ana · lead bo/);
    expect(out).toContain("bo moved Churn model to Models, frameworks & architecture: Pilot approved");
    expect(out).toContain("Fraud scoring cannot move to POC yet. Missing:");
    expect(out).toContain("bo moved Fraud scoring to Proof of concept.");
    expect(out).toContain("Only Churn model's lead, its sponsor or a PMO admin can move its stage.");
    expect(out).toContain("PMO channel: <#ai-pmo>");
    // Nothing after :quit ran.
    expect(out.split("zed> :quit")[1] ?? "").not.toContain("Portfolio");
  });

  it("exports what the session did, as JSON and CSV", async () => {
    const json = await runCli(["export"], { env });
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as {
      initiatives: { slug: string; stage: string }[];
      stageHistory: { forcedReason: string | null }[];
      auditLog: { action: string; actor: string }[];
    };
    expect(data.initiatives.map((i) => [i.slug, i.stage])).toEqual([
      ["churn-model", "architecture"],
      ["fraud-scoring", "poc"],
    ]);
    expect(data.stageHistory.some((h) => h.forcedReason === "board wants a pilot")).toBe(true);
    expect(data.auditLog.map((a) => `${a.action}:${a.actor}`)).toEqual([
      "admin.add:shell start",
      "initiative.add:pmo",
      "initiative.add:pmo",
      "stage.move:bo",
      "stage.move:bo",
    ]);
    const csv = await runCli(["export", "--format", "csv"], { env });
    expect(csv.stdout.split("\n")[1]).toMatch(/^Churn model,ana,bo,architecture,weekly,ai-pmo,/);
  });

  it("imports a CSV all-or-nothing and says which lines are wrong", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "name,sponsor,lead,stage\nGood,ana,bo,poc\nBad,ana,bo,warp\n");
    const refused = await runCli(["import", bad], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Nothing was imported: 1 problem in the CSV.");
    expect(refused.stderr).toContain('line 3: stage "warp" is not a stage');
    const good = join(dir, "good.csv");
    writeFileSync(good, "name,sponsor,lead,stage\nVision AI,ana,bo,vision\n");
    const imported = await runCli(["import", good], { env });
    expect(imported.stdout).toContain("Imported 1 initiative into local: vision-ai");
  });

  it("stops with one line naming a bad environment variable", async () => {
    const result = await runCli(["start"], { env: { ...env, PORT: "eighty" } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('PORT must be a port number from 1 to 65535, got "eighty".');
  });

  it("answers --help and refuses unknown verbs and options", async () => {
    expect((await runCli(["--help"])).stdout).toContain("Usage: sponsor-pulse <command>");
    expect((await runCli(["import", "--help"])).stdout).toContain("Columns: name, sponsor, lead");
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate".');
    const option = await runCli(["export", "--colour"], { env });
    expect(option.code).toBe(1);
    expect(option.stderr).toContain("Unknown option '--colour'");
  });
});
