import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

/** Every verb, as a newcomer's first command: on a database that does not exist yet or holds nothing. */
let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-empty-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A path where no database exists yet. */
function freshEnv(): Record<string, string> {
  n += 1;
  return { DATABASE_URL: join(dir, `fresh-${n}.db`) };
}

/** A database created by `migrate` and holding nothing. */
async function emptyEnv(): Promise<Record<string, string>> {
  const env = freshEnv();
  const r = await runCli(["migrate"], { env });
  expect(r.code).toBe(0);
  return env;
}

describe("every CLI verb on an empty database", () => {
  it("migrate creates the database and says where", async () => {
    const env = freshEnv();
    const r = await runCli(["migrate"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Database ready at .*fresh-\d+\.db \(\d+ migrations applied\)\.\n$/);
  });

  it("digest --print prints an empty digest in each format, with the next step", async () => {
    const env = freshEnv();
    const text = await runCli(["digest", "--print"], { env });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Weekly PMO digest\nNo initiatives yet\n/);
    expect(text.stdout).toContain("sponsor-pulse import <file.csv>");

    const md = await runCli(["digest", "--print", "--format", "md", "--channel", "C1"], { env });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Weekly PMO digest/m);

    const json = await runCli(["digest", "--print", "--format", "json", "--workspace", "T1"], { env });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { empty: boolean; snapshot: { total: number } };
    expect(parsed.empty).toBe(true);
    expect(parsed.snapshot.total).toBe(0);
  });

  it("export prints an empty export (json and csv) and says there is nothing yet", async () => {
    const env = freshEnv();
    const json = await runCli(["export"], { env });
    expect(json.code).toBe(0);
    expect(json.stderr).toContain("Nothing here yet");
    expect(JSON.parse(json.stdout)).toMatchObject({ workspace: "local", initiatives: [], auditLog: [] });

    const csv = await runCli(["export", "--format", "csv"], { env });
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split("\n")).toEqual([
      "name,sponsor,lead,stage,cadence,channel,success_metric,data_readiness,slug,status,engagement,stage_entered_at",
    ]);
  });

  it("tick finds nothing due", async () => {
    const r = await runCli(["tick", "--now", "2026-03-02T09:00:00Z"], { env: freshEnv() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "tick at 2026-03-02T09:00:00.000Z: 0 check-ins, 0 reminders, 0 missed, 0 escalations; delivered 0, retrying 0, failed 0\n",
    );
  });

  it("import fills an empty database", async () => {
    const env = freshEnv();
    const file = join(dir, "first.csv");
    writeFileSync(file, "name,sponsor,lead,stage\nChurn model,ana,bo,poc\n");
    const r = await runCli(["import", file], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Imported 1 initiative into local: churn-model\n");
  });

  it("backup and copy take an empty database", async () => {
    const env = await emptyEnv();
    const backup = await runCli(["backup", join(dir, `backup-${n}.db`)], { env });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain("integrity ok");

    const copy = await runCli(["copy", "--from", env.DATABASE_URL ?? "", "--to", join(dir, `copy-${n}.db`)], {
      env,
    });
    expect(copy.code).toBe(0);
    expect(copy.stdout).toBe("Copied 0 rows (no rows).\n");
  });

  it("start in the terminal answers on an empty database", async () => {
    const r = await runCli(["start", "--as", "pmo"], { env: freshEnv(), input: "/initiative list\n:quit\n" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("pmo> /initiative list");
  });

  it("real mistakes still get one clear sentence and a non-zero exit, and write nothing", async () => {
    const env = freshEnv();
    const flag = await runCli(["digest", "--print", "--bogus"], { env });
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toContain("Unknown option '--bogus'. See --help.");

    const file = await runCli(["import", join(dir, "missing.csv")], { env });
    expect(file.code).not.toBe(0);
    expect(file.stderr).toMatch(/^There is no file at .*missing\.csv\./);

    const backup = await runCli(["backup", join(dir, "nothing.db")], { env });
    expect(backup.code).not.toBe(0);
    expect(backup.stderr).toMatch(/^There is no database at .*; check DATABASE_URL\./);
    expect(existsSync(env.DATABASE_URL ?? "")).toBe(false);
  });

  it("an unknown workspace beside others is an error naming those there", async () => {
    const env = freshEnv();
    const file = join(dir, "second.csv");
    writeFileSync(file, "name,sponsor,lead\nFraud scoring,cy,bo\n");
    expect((await runCli(["import", file], { env })).code).toBe(0);
    const r = await runCli(["digest", "--print", "--workspace", "T9"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('There is no workspace "T9".\n  Workspaces here: local\n');
  });
});
