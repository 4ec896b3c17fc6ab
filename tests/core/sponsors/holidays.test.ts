import { afterEach, describe, expect, it } from "vitest";
import { replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import { checkinsTo, minute, type World, world } from "./harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

describe("holidays and weekends", () => {
  it("a check-in due on an imported public holiday moves to the next working day in the sponsor's zone", async () => {
    w = await world("2026-03-30T06:00:00Z");
    const { pulse, clock, platform } = w;
    const imported = await pulse.run("pmo", "pulse", "holidays import GB 2026");
    expect(replyText(imported)).toMatch(/Imported \d+ public holidays of GB for 2026/);
    expect(replyText(await pulse.run("zed", "pulse", "holidays"))).toContain(
      "2026-04-06 — Easter Monday (GB)",
    );
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await runFor(pulse, clock, 16 * 24);
    // Mondays 09:00 BST; Easter Monday (6 April) moves to Tuesday 7 April, 09:00 London.
    expect(checkinsTo(platform, "ana").map((m) => minute(m.at))).toEqual([
      "2026-03-30T08:00",
      "2026-04-07T08:00",
      "2026-04-13T08:00",
    ]);
  });

  it("a monthly cron check-in on a Saturday moves to Monday, and a workspace holiday on that Monday to Tuesday", async () => {
    w = await world("2026-07-20T06:00:00Z", "America/New_York");
    const { pulse, clock, platform } = w;
    await pulse.run(
      "pmo",
      "initiative",
      "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --cadence 0 9 1 * *",
    );
    await pulse.run("pmo", "pulse", "holidays add 2026-09-01 Offsite");
    await runFor(pulse, clock, 45 * 24);
    // 1 August 2026 is a Saturday: Monday 3 August, 09:00 New York. 1 September is the offsite: the 2nd.
    expect(checkinsTo(platform, "ana").map((m) => minute(m.at))).toEqual([
      "2026-08-03T13:00",
      "2026-09-02T13:00",
    ]);
  });

  it("a person's own country keeps them off its public holidays, without importing anything", async () => {
    w = await world("2026-08-31T06:00:00Z", "America/New_York");
    const { pulse, clock, platform } = w;
    expect(replyText(await pulse.run("ana", "pulse", "country us"))).toContain("United States");
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    await runFor(pulse, clock, 9 * 24);
    // Labor Day, Monday 7 September 2026: the check-in goes out on Tuesday.
    expect(checkinsTo(platform, "ana").map((m) => minute(m.at))).toEqual([
      "2026-08-31T13:00",
      "2026-09-08T13:00",
    ]);
  });

  it("holidays can be listed and removed; adding and removing one reschedules the next check-in", async () => {
    w = await world("2026-03-31T06:00:00Z");
    const { pulse } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    const next = async () =>
      (await pulse.deps.store.listInitiatives("local"))[0]?.nextCheckinAt?.toISOString();
    expect(await next()).toBe("2026-04-06T08:00:00.000Z");
    await pulse.run("pmo", "pulse", "holidays add 2026-04-06 Team day");
    expect(replyText(await pulse.run("ana", "pulse", "holidays"))).toContain("2026-04-06 — Team day");
    expect(await next()).toBe("2026-04-07T08:00:00.000Z");
    expect(replyText(await pulse.run("pmo", "pulse", "holidays remove 2026-04-06"))).toContain(
      "no longer a holiday",
    );
    expect(replyText(await pulse.run("pmo", "pulse", "holidays"))).toContain("No holidays set");
    expect(await next()).toBe("2026-04-06T08:00:00.000Z");
  });
});
