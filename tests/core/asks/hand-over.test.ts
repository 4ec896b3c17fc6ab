import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../../src/core/clock.js";
import type { Message } from "../../../src/core/message.js";
import { buildDigest } from "../../../src/digest/build.js";
import { dumpDatabase, replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import { buttonValue, checkinsTo, click, type World, world } from "../sponsors/harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

const handOversTo = (w: World, id: string) =>
  w.platform.to(id).filter((m) => m.dedupeKey.startsWith("ask-handover:"));
const sectionsText = (m: Message) => m.sections.map((s) => `${s.heading ?? ""} ${s.text ?? ""}`).join("\n");

async function asks(w: World) {
  const all = await w.pulse.deps.asks.listAsks("local");
  const people = new Map<number, string>();
  for (const a of all)
    people.set(
      a.sponsorPersonId,
      (await w.pulse.deps.store.getPerson("local", a.sponsorPersonId))?.userId ?? "",
    );
  return all.map((a) => ({ id: a.id, status: a.status, to: people.get(a.sponsorPersonId), dueAt: a.dueAt }));
}

/** Churn model sponsored by Ana, led by Bo: ask #1 answered, #2 open (due 2026-03-20), #3 open. */
async function churnWithAsks(): Promise<World> {
  w = await world("2026-03-03T10:00:00Z");
  const { pulse } = w;
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
  await pulse.run("bo", "ask", "churn Approve the data contract");
  await pulse.run("bo", "ask", "churn Budget for labelling --by 2026-03-20");
  await pulse.run("bo", "ask", "churn Name a data owner");
  await click(pulse, "ana", "ask.done", "1:dm");
  await pulse.tick();
  return w;
}

describe("asks follow a sponsor change", () => {
  it("open asks move to the new sponsor with their due dates, who gets one DM; answered asks stay", async () => {
    const { pulse, clock, platform } = await churnWithAsks();
    const before = await asks(w);

    const reply = replyText(await pulse.run("bo", "initiative", "set churn sponsor <@cy|cy>"));
    expect(reply).toContain("sponsor is now Cy");
    expect(reply).toContain("2 open asks (#2, #3) now wait on Cy, due dates unchanged");
    expect(await asks(w)).toEqual([
      { ...before[0], to: "ana" },
      { ...before[1], to: "cy" },
      { ...before[2], to: "cy" },
    ]);
    expect(before[1]?.dueAt?.toISOString()).toBe("2026-03-21T00:00:00.000Z");

    // Repeating the command (and ticking) sends nothing more.
    await pulse.run("bo", "initiative", "set churn sponsor <@cy|cy>");
    await pulse.tick();
    await pulse.tick();
    const dms = handOversTo(w, "cy");
    expect(dms).toHaveLength(1);
    const dm = dms[0] as { message: Message; ref: string };
    expect(dm.message.summary).toBe("2 decisions on Churn model handed over from Ana");
    expect(sectionsText(dm.message)).toContain("Bo asks: “Budget for labelling” (due by 2026-03-20)");
    expect(sectionsText(dm.message)).not.toContain("Approve the data contract");

    // The moves are audited, after the change itself.
    const log = (await pulse.deps.store.auditLog("local")).map((e) => e.action);
    expect(log.filter((a) => a === "ask.handover")).toHaveLength(2);
    expect(log.indexOf("ask.handover")).toBeGreaterThan(log.indexOf("initiative.set.sponsor"));

    // Ana's old buttons no longer answer; Cy's do, and the DM stays for the other ask.
    expect(replyText(await click(pulse, "ana", "ask.done", "2:dm"))).toContain(
      "This ask is addressed to Cy; only they can answer it.",
    );
    const done = await click(pulse, "cy", "ask.done", buttonValue(dm.message, "Done"), {
      messageRef: dm.ref,
    });
    expect(done[0]?.audience).toBe("ephemeral");
    expect((await asks(w)).map((a) => a.status)).toEqual(["done", "done", "open"]);

    // Cy's check-ins carry the ask still open; nothing of it goes to Ana any more.
    await runFor(pulse, clock, 6 * 24);
    const prompt = checkinsTo(platform, "cy")[0];
    expect(prompt && sectionsText(prompt.message)).toContain("Decision needed — Churn model (ask #3)");
    expect(checkinsTo(platform, "ana")).toEqual([]);
  });

  it("the digest names the new sponsor, and overdue asks count against the initiative's current sponsor", async () => {
    const { pulse, clock } = await churnWithAsks();
    await pulse.run("ana", "initiative", "set churn sponsor <@cy|cy>"); // a sponsor hands over themselves
    clock.set(new Date(clock.now().getTime() + 9 * DAY));
    const now = clock.now();
    const data = await pulse.digests.load("local", { now, since: new Date(now.getTime() - 7 * DAY) });
    const section = buildDigest(data, now, data.settings).sections.find((s) => s.key === "decisions");
    const text = section?.lines.map((l) => l.text).join("\n") ?? "";
    expect(text).toContain("(to Cy)");
    expect(text).not.toContain("(to Ana)");
    const all = await pulse.deps.store.listInitiatives("local");
    const e = (await pulse.deps.insights.engagement("local", all, now)).get(all[0]?.id ?? 0);
    expect(e?.reasons.join("\n")).toContain("1 ask overdue");
  });

  it("the asks go to the sponsor the bot will address: one who stays before anyone new, else by name", async () => {
    const { pulse } = await churnWithAsks();
    // Both new: they became sponsors together, so the name decides (Cy before Zed), as for check-ins.
    await pulse.run("bo", "initiative", "set churn sponsor <@zed|zed> <@cy|cy>");
    expect((await asks(w)).map((a) => a.to)).toEqual(["ana", "cy", "cy"]);
    expect(handOversTo(w, "cy")).toHaveLength(0); // delivered by the next tick
    await pulse.tick();
    expect(handOversTo(w, "cy")).toHaveLength(1);
    expect(handOversTo(w, "zed")).toHaveLength(0);

    // A day later Cy leaves; Zed stays and comes before Al, who is new (although his name sorts first).
    w.clock.advance(86_400_000);
    await pulse.deps.store.upsertPerson("local", "al", { displayName: "Al" }, w.clock.now());
    await pulse.run("bo", "initiative", "set churn sponsor <@al|al> <@zed|zed>");
    expect((await asks(w)).map((a) => a.to)).toEqual(["ana", "zed", "zed"]);
    await pulse.tick();
    expect(handOversTo(w, "zed")[0]?.message.summary).toBe("2 decisions on Churn model handed over from Cy");
    expect(handOversTo(w, "al")).toHaveLength(0);
    expect(replyText(await pulse.run("bo", "initiative", "show churn"))).toContain("Sponsor: Zed, Al");
  });

  it("without a sponsor left the asks stay and the reply says so; the next sponsor named gets them", async () => {
    const { pulse } = await churnWithAsks();
    const reply = replyText(await pulse.run("bo", "initiative", "set churn sponsor none"));
    expect(reply).toContain("sponsor is now none (unsponsored)");
    expect(reply).toContain("2 open asks (#2, #3) still wait on Ana");
    expect((await asks(w)).map((a) => a.to)).toEqual(["ana", "ana", "ana"]);
    const queued = pulse.db.$client.prepare(
      "select count(*) as n from outbox where purpose = 'ask.handover'",
    );
    expect(queued.get()).toEqual({ n: 0 });

    expect(replyText(await pulse.run("bo", "initiative", "set churn sponsor <@cy|cy>"))).toContain(
      "now wait on Cy",
    );
    await pulse.tick();
    expect(handOversTo(w, "cy")[0]?.message.summary).toBe("2 decisions on Churn model handed over from Ana");
  });

  it("a bad change moves nothing: not a person, a bot, or someone who may not change the sponsor", async () => {
    const { pulse } = await churnWithAsks();
    await pulse.deps.store.upsertPerson("local", "robot", { displayName: "Robot", isBot: true }, new Date());
    const before = dumpDatabase(pulse);
    for (const [who, text, says] of [
      ["bo", "set churn sponsor nobody", "must be a person mention"],
      ["bo", "set churn sponsor <@robot|robot>", "is a bot"],
      ["zed", "set churn sponsor <@zed|zed>", "lead or a PMO admin"],
      ["cy", "set churn sponsor <@cy|cy>", "lead or a PMO admin"],
    ] as const)
      expect(replyText(await pulse.run(who, "initiative", text))).toContain(says);
    expect(dumpDatabase(pulse)).toEqual(before);
  });
});
