import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../../src/core/clock.js";
import { buildDigest } from "../../../src/digest/build.js";
import { replyText } from "../../support/pulse-fixture.js";
import { click, type World, world } from "../sponsors/harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

describe("digest: decisions waiting on sponsors", () => {
  it("counts open asks, the oldest, and each sponsor's median time to decide", async () => {
    w = await world("2026-03-02T10:00:00Z");
    const { pulse, clock } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run(
      "pmo",
      "initiative",
      "add Fraud scoring --sponsor <@zed|zed> --lead <@bo|bo> --stage poc",
    );
    const day = async (n: number) => clock.set(new Date(Date.parse("2026-03-02T10:00:00Z") + n * DAY));

    await pulse.run("bo", "ask", "churn Approve the data contract"); // #1, day 0
    await pulse.run("bo", "ask", "churn Budget for labelling"); // #2, day 0
    await day(1);
    await pulse.run("bo", "ask", "fraud Sign off the pilot scope"); // #3
    await day(2);
    await click(pulse, "ana", "ask.done", "1:dm"); // 2 days
    await click(pulse, "zed", "ask.decline", "3:dm", { inputs: { "ask.decline": "Not before Q3" } }); // 1 day
    await day(3);
    await pulse.run("bo", "ask", "fraud Intro to the CDO"); // #4, stays open
    await day(4);
    await click(pulse, "ana", "ask.done", "2:dm"); // 4 days
    await day(5);
    await pulse.run("bo", "ask", "churn Name a data owner"); // #5, stays open
    await pulse.run("bo", "ask", "churn Never mind"); // #6
    await pulse.run("bo", "ask", "cancel 6");
    await click(pulse, "ana", "ask.info", "5:dm"); // more information: still open, not a decision
    await day(12);

    const now = clock.now();
    const data = await pulse.digests.load("local", { now, since: new Date(now.getTime() - 7 * DAY) });
    expect(data.decisions?.open).toMatchObject({ count: 2, overdue: 1 });
    const digest = buildDigest(data, now, data.settings);
    const section = digest.sections.find((s) => s.key === "decisions");
    expect(section?.title).toBe("Decisions waiting on sponsors");
    expect(section?.lines.map((l) => l.text)).toEqual([
      "2 open asks (1 overdue), oldest 9 days: Fraud scoring — “Intro to the CDO” (to Zed)",
      "Ana: median 3 days to decide (2 decisions in 90 days)",
      "Zed: median 1 day to decide (1 decision in 90 days)",
    ]);
    // The overdue ask is also in "Needs attention", and /pulse digest shows the section.
    const attention = digest.sections.find((s) => s.key === "attention");
    expect(attention?.lines.map((l) => l.text).join("\n")).toContain("ask to Zed overdue since");
    expect(replyText(await pulse.run("pmo", "pulse", "digest"))).toContain("Decisions waiting on sponsors");
  });

  it("a sponsor away is shown as away until <date>, and the digest reads engagement like show does", async () => {
    w = await world("2026-03-02T10:00:00Z");
    const { pulse, clock } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("ana", "pulse", "away 2026-03-02 2026-04-10");
    clock.set("2026-03-30T10:00:00Z");
    const now = clock.now();
    const data = await pulse.digests.load("local", { now, since: new Date(now.getTime() - 7 * DAY) });
    const [churn] = data.initiatives;
    expect(churn?.awayUntil?.toISOString().slice(0, 10)).toBe("2026-04-10");
    expect(churn?.engagement.state).toBe("engaged");
  });
});
