import { afterEach, describe, expect, it } from "vitest";
import { replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import {
  buttonValue,
  checkinsTo,
  click,
  escalations,
  minute,
  remindersTo,
  type World,
  world,
} from "./harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

describe("time away", () => {
  it("a sponsor away for two weeks gets no check-in, reminder or escalation; the next comes at the next normal slot", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    const set = await pulse.run("ana", "pulse", "away 2026-03-09 2026-03-20 Offsite and holiday");
    expect(replyText(set)).toContain("You will be away from 2026-03-09 to 2026-03-20");

    const answered = new Set<string>();
    let duringAway = "";
    await runFor(pulse, clock, 5 * 7 * 24, async (at) => {
      const last = checkinsTo(platform, "ana").at(-1);
      // Ana answers what she gets; while away she is silent for three weeks (lapsing, were it not excused).
      if (last && !answered.has(last.ref)) {
        answered.add(last.ref);
        await click(pulse, "ana", "checkin.choice", buttonValue(last.message, "Actively"));
      }
      if (minute(at) === "2026-03-18T12:00")
        duringAway = replyText(await pulse.run("zed", "initiative", "list"));
    });

    const sent = checkinsTo(platform, "ana").map((m) => minute(m.at));
    expect(sent).toEqual(["2026-03-02T09:00", "2026-03-23T09:00", "2026-03-30T08:00"]);
    expect(remindersTo(platform, "ana").every((m) => m.at >= new Date("2026-03-21T00:00:00Z"))).toBe(true);
    expect(escalations(platform)).toEqual([]);
    expect(duringAway).toContain("away until 2026-03-20");
    expect(duringAway).toContain("engaged");
  });

  it("a 6-week absence tells the PMO and the lead exactly once", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    const set = await pulse.run("ana", "pulse", "away 2026-03-09 2026-04-19");
    expect(replyText(set)).toContain("long absence");
    // The same absence again is refused, so it cannot be announced twice either.
    expect(replyText(await pulse.run("ana", "pulse", "away 2026-03-10 2026-04-19"))).toContain(
      "already away",
    );
    const answered = new Set<string>();
    await runFor(pulse, clock, 8 * 7 * 24, async () => {
      const last = checkinsTo(platform, "ana").at(-1);
      if (last && !answered.has(last.ref)) {
        answered.add(last.ref);
        await click(pulse, "ana", "checkin.choice", buttonValue(last.message, "Actively"));
      }
    });
    expect(checkinsTo(platform, "ana").map((m) => minute(m.at))).toEqual([
      "2026-03-02T09:00",
      "2026-04-20T08:00",
    ]);
    const notices = platform.sent.filter((m) => m.dedupeKey.startsWith("away-long:"));
    expect(notices.map((m) => m.target.id).sort()).toEqual(["bo", "pmo"]);
    expect(notices[0]?.message.summary).toBe("Ana is away for 6 weeks: name an interim sponsor?");
    expect(escalations(platform)).toEqual([]);
  });

  it("shows what is set, and /pulse back ends it so check-ins resume at the next slot", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("ana", "pulse", "away until 2026-03-27");
    expect(replyText(await pulse.run("ana", "pulse", "away"))).toContain("You are away until 2026-03-27");
    expect(replyText(await pulse.run("zed", "initiative", "show churn"))).toContain(
      "sponsor away until 2026-03-27",
    );
    await runFor(pulse, clock, 8 * 24);
    expect(checkinsTo(platform, "ana")).toEqual([]);
    expect(replyText(await pulse.run("ana", "pulse", "back"))).toContain("Welcome back");
    expect(replyText(await pulse.run("ana", "pulse", "away"))).toContain("not marked away");
    await runFor(pulse, clock, 7 * 24);
    expect(checkinsTo(platform, "ana").map((m) => minute(m.at))).toEqual(["2026-03-16T09:00"]);
  });

  it("a PMO admin sets time away for a sponsor; the audit log records who did it", async () => {
    w = await world();
    const { pulse } = w;
    const reply = await pulse.run("pmo", "pulse", "away <@ana|ana> 2026-03-09 2026-03-13");
    expect(replyText(reply)).toContain("Ana will be away from 2026-03-09 to 2026-03-13");
    const audit = await pulse.deps.store.auditLog("local");
    expect(audit.find((a) => a.action === "away.set")?.actor).toBe("pmo");
  });
});

describe("looking at someone's time away", () => {
  it("anyone may see what is set for a person; only a PMO admin may set it", async () => {
    w = await world();
    const { pulse } = w;
    await pulse.run("pmo", "pulse", "away <@ana|ana> 2026-03-02 2026-03-06");
    expect(replyText(await pulse.run("bo", "pulse", "away <@ana|ana>"))).toContain(
      "Ana is away until 2026-03-06",
    );
    expect(replyText(await pulse.run("bo", "pulse", "away <@nobody|Nobody>"))).toContain(
      "Nobody is not marked away",
    );
    expect(replyText(await pulse.run("bo", "pulse", "back <@ana|ana>"))).toContain("Only a PMO admin");
    expect(replyText(await pulse.run("pmo", "pulse", "back <@ana|ana>"))).toContain("Welcome back, Ana");
  });
});
