import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

describe("sponsor-pulse demo", { timeout: 120_000 }, () => {
  it("simulates 16 weeks and ends with a summary table of every initiative", async () => {
    const result = await runCli(["demo"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).toContain("8 initiatives, 16 weeks");
    expect(out).toMatch(/Mon 02 Mar 09:00 {2}→ check-ins: Churn model, Service bot/);
    expect(out).toMatch(/◆ Supplier risk: engaged → cooling/);
    expect(out).toMatch(/◆ Supplier risk: cooling → lapsing/);
    expect(out).toMatch(/Sponsorship of Supplier risk is lapsing → #ai-pmo/);
    const table = out.split("Summary after 16 weeks\n")[1]?.trim().split("\n") ?? [];
    expect(table).toHaveLength(10);
    expect(table[2]).toMatch(/^Churn model +ana +answers every week +16 +0 +0 +engaged/);
    expect(out).toMatch(/Supplier risk +max +never answers +0 +16 +\d+ +lapsed/);
  });
});
