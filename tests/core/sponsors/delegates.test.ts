import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../../src/core/message.js";
import { replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import { buttonValue, checkinsTo, click, type World, world } from "./harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

const copiesTo = (w: World, id: string) =>
  w.platform.to(id).filter((m) => m.dedupeKey.startsWith("checkin:") && m.dedupeKey.includes(":delegate:"));

async function state(w: World) {
  const all = await w.pulse.deps.store.listInitiatives("local");
  return (await w.pulse.deps.insights.engagement("local", all, w.clock.now())).get(all[0]?.id ?? 0);
}

describe("delegates", () => {
  it("the delegate gets a copy 'on behalf of' the sponsor; three delegated answers in a row cool it, a personal answer clears it", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    expect(replyText(await pulse.run("ana", "pulse", "delegate <@cy|cy>"))).toContain(
      "Cy is now your delegate",
    );

    const answered = new Set<string>();
    await runFor(pulse, clock, 3 * 7 * 24, async () => {
      const copy = copiesTo(w, "cy").at(-1);
      if (copy && !answered.has(copy.ref)) {
        answered.add(copy.ref);
        expect(copy.message.summary).toContain("On behalf of Ana");
        const reply = await click(pulse, "cy", "checkin.choice", buttonValue(copy.message, "Actively"), {
          messageRef: copy.ref,
        });
        expect(replyText(reply)).toContain("answered by the delegate");
      }
    });
    expect(copiesTo(w, "cy")).toHaveLength(3);
    expect(checkinsTo(platform, "ana")).toHaveLength(3);
    // The sponsor's own DM is updated in place to show the delegated answer.
    expect(platform.updates.at(-1)?.message.sections[0]?.text).toContain("answered by the delegate");
    const cooled = await state(w);
    expect(cooled?.state).toBe("cooling");
    expect(cooled?.reasons).toContain("answered by Cy 3 times running; last personal answer none yet");

    // Ana answers the next one herself: engaged again.
    await runFor(pulse, clock, 3);
    const mine = checkinsTo(platform, "ana").at(-1) as { message: Message };
    await click(pulse, "ana", "checkin.choice", buttonValue(mine.message, "Actively"));
    expect((await state(w))?.state).toBe("engaged");
  });

  it("the sponsor's answer after the delegate's wins, and the delegate cannot overwrite it", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("pmo", "pulse", "delegate <@ana|ana> <@cy|cy>");
    await runFor(pulse, clock, 3);
    const copy = copiesTo(w, "cy")[0];
    const prompt = checkinsTo(platform, "ana")[0];
    if (!copy || !prompt) throw new Error("no check-in");
    await click(pulse, "cy", "checkin.choice", buttonValue(copy.message, "Limited time"));
    await click(pulse, "ana", "checkin.choice", buttonValue(prompt.message, "Actively"));
    const refused = await click(pulse, "cy", "checkin.choice", buttonValue(copy.message, "Hand over"));
    expect(replyText(refused)).toContain(
      "Ana already answered this check-in themselves; their answer stands.",
    );
    const [checkin] = await pulse.deps.checkins.history("local", [1], new Date(0));
    expect(checkin?.choice).toBe("active");
    expect(checkin?.answeredByPersonId).toBe((await pulse.deps.store.findPerson("local", "ana"))?.id);
    // Both versions are kept in the answer history.
    const versions = pulse.db.$client.prepare("select choice from checkin_answers order by id").all();
    expect(versions).toEqual([{ choice: "limited" }, { choice: "active" }]);
  });

  it("a delegate sees nothing else: they cannot answer someone else's check-in nor act as sponsor", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("ana", "pulse", "delegate <@cy|cy>");
    await runFor(pulse, clock, 3);
    expect(replyText(await pulse.run("cy", "checkin", ""))).toContain("On behalf of Ana");
    const prompt = checkinsTo(platform, "ana")[0];
    if (!prompt) throw new Error("no check-in");
    const byZed = await click(pulse, "zed", "checkin.choice", buttonValue(prompt.message, "Actively"));
    expect(replyText(byZed)).toContain("addressed to Ana");
    expect(replyText(await pulse.run("cy", "stage", "churn architecture"))).toMatch(/only|lead|sponsor/i);
    expect(replyText(await pulse.run("ana", "pulse", "delegate none"))).toContain("removed");
    const afterRemoval = await click(pulse, "cy", "checkin.choice", buttonValue(prompt.message, "Actively"));
    expect(replyText(afterRemoval)).toContain("addressed to Ana");
  });
});

describe("naming a delegate the platform has not met yet", () => {
  it("accepts a named mention (Teams resolves names in the tenant) and refuses a bare unknown id", async () => {
    w = await world();
    const { pulse, platform } = w;
    platform.lookupUser = async () => undefined;
    expect(replyText(await pulse.run("ana", "pulse", "delegate <@aad-7|Dana Lee>"))).toContain(
      "Dana Lee is now your delegate",
    );
    expect(replyText(await pulse.run("bo", "pulse", "delegate <@U404>"))).toContain(
      "is not a member of this workspace",
    );
  });
});
