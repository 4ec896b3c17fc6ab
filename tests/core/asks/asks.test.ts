import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../../src/core/message.js";
import { replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import { buttonValue, checkinsTo, click, escalations, type World, world } from "../sponsors/harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

const asksTo = (w: World, id: string) => w.platform.to(id).filter((m) => /^ask:\d+$/.test(m.dedupeKey));
const sectionsText = (m: Message) => m.sections.map((s) => `${s.heading ?? ""} ${s.text ?? ""}`).join("\n");

async function engagement(w: World) {
  const all = await w.pulse.deps.store.listInitiatives("local");
  return (await w.pulse.deps.insights.engagement("local", all, w.clock.now())).get(all[0]?.id ?? 0);
}

describe("asks", () => {
  it("is delivered once, shown in the next check-in while open, escalated when overdue, and closed by one click", async () => {
    w = await world("2026-03-03T10:00:00Z");
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    const made = await pulse.run("bo", "ask", "churn Approve the data contract with Finance");
    expect(replyText(made)).toContain("Ask #1 is on its way to Ana");

    await runFor(pulse, clock, 2);
    await pulse.tick(); // a repeated tick sends nothing twice
    expect(asksTo(w, "ana")).toHaveLength(1);
    expect(asksTo(w, "ana")[0]?.message.summary).toContain("Approve the data contract with Finance");

    // The Monday check-in carries the open ask with its buttons.
    const answered = new Set<string>();
    await runFor(pulse, clock, 6 * 24, async () => {
      const last = checkinsTo(platform, "ana").at(-1);
      if (last && !answered.has(last.ref)) {
        answered.add(last.ref);
        await click(pulse, "ana", "checkin.choice", buttonValue(last.message, "Actively"));
      }
    });
    const prompt = checkinsTo(platform, "ana")[0];
    expect(prompt && sectionsText(prompt.message)).toContain("Decision needed — Churn model (ask #1)");
    expect(replyText(await pulse.run("zed", "initiative", "show churn"))).toMatch(
      /#1 Churn model: .*6 days old/,
    );
    expect(escalations(platform)).toEqual([]);

    // Seven days after it was made, it is overdue: cooling, and the gentle reminder to the sponsor.
    await runFor(pulse, clock, 2 * 24);
    const e = await engagement(w);
    expect(e?.state).toBe("cooling");
    expect(e?.reasons).toContain("1 ask overdue (8 days)");
    expect(escalations(platform).map((m) => m.target.id)).toEqual(["ana"]);

    const dm = asksTo(w, "ana")[0] as { message: Message; ref: string };
    const done = await click(pulse, "ana", "ask.done", buttonValue(dm.message, "Done"), {
      messageRef: dm.ref,
    });
    expect(done[0]?.audience).toBe("replace");
    expect(replyText(done)).toContain("Ask #1 on Churn model: done");
    expect(replyText(await click(pulse, "ana", "ask.done", buttonValue(dm.message, "Done")))).toContain(
      "already done",
    );
    await pulse.tick();
    expect(platform.to("bo").filter((m) => m.dedupeKey.startsWith("ask:1:done"))).toHaveLength(1);
    expect((await engagement(w))?.state).toBe("engaged");
    expect(replyText(await pulse.run("bo", "ask", "list"))).toContain("No open asks");
  });

  it("decline needs a reason; need more info keeps it open; the lead can close or cancel", async () => {
    w = await world("2026-03-03T10:00:00Z");
    const { pulse } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("bo", "ask", "churn Budget for labelling --by 2026-03-20");
    await pulse.run("bo", "ask", "churn Intro to the CDO");
    await pulse.run("bo", "ask", "churn Sign off the pilot scope");
    await pulse.tick();
    const dm = asksTo(w, "ana")[0] as { message: Message };
    const ref = buttonValue(dm.message, "Done");

    const noReason = await click(pulse, "ana", "ask.decline", ref, { inputs: { "ask.decline": "  " } });
    expect(replyText(noReason)).toContain("Say why you decline");
    const declined = await click(pulse, "ana", "ask.decline", ref, {
      inputs: { "ask.decline": "Not this quarter" },
    });
    expect(replyText(declined)).toContain("declined: “Not this quarter”");

    const info = await click(pulse, "ana", "ask.info", "2:dm");
    expect(replyText(info)).toContain("needs more information");
    const listed = replyText(await pulse.run("zed", "ask", "list churn"));
    expect(listed).toContain("2 open asks on Churn model");
    expect(listed).toContain("more information requested");

    expect(replyText(await pulse.run("bo", "ask", "close 2"))).toContain("Ask #2 is closed");
    expect(replyText(await pulse.run("bo", "ask", "cancel #3"))).toContain("Ask #3 is cancelled");
    const statuses = pulse.db.$client.prepare("select id, status, response from asks order by id").all();
    expect(statuses).toEqual([
      { id: 1, status: "declined", response: "Not this quarter" },
      { id: 2, status: "closed", response: null },
      { id: 3, status: "cancelled", response: null },
    ]);
  });
});
