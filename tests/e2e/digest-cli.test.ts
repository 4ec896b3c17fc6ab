import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pulse-digest-"));
  env = { DATABASE_URL: join(dir, "pulse.db") };
  const script =
    "/initiative add Churn model --sponsor @ana --lead @bo --stage poc\n/initiative add Fraud scoring --lead @bo\n";
  await runCli(["start", "--as", "pmo"], { env, input: script });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("sponsor-pulse digest --print", () => {
  const later = new Date(Date.now() + 3_600_000).toISOString();

  it("prints text by default", async () => {
    const r = await runCli(["digest", "--print", "--now", later], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Weekly PMO digest\n2 initiatives · 1 needs? a sponsor conversation/);
    expect(r.stdout).toContain("fraud-scoring");
  });

  it("prints Markdown and JSON", async () => {
    const md = await runCli(["digest", "--print", "--format", "md", "--now", later], { env });
    expect(md.stdout).toMatch(/^# Weekly PMO digest/m);
    const json = await runCli(["digest", "--print", "--format", "json", "--now", later], { env });
    const parsed = JSON.parse(json.stdout) as { headline: string; sections: { key: string }[] };
    expect(parsed.headline).toMatch(/^2 initiatives/);
    expect(parsed.sections.map((s) => s.key)).toContain("portfolio");
  });

  it("refuses a bad format, a bad time and a missing --print", async () => {
    expect((await runCli(["digest", "--print", "--format", "pdf"], { env })).stderr).toContain(
      '--format must be text, md or json, not "pdf"',
    );
    expect((await runCli(["digest", "--print", "--now", "monday"], { env })).stderr).toContain(
      "--now must be an ISO time",
    );
    expect((await runCli(["digest"], { env })).stderr).toContain("Say --print");
  });
});
