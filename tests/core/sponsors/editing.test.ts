import { afterEach, describe, expect, it } from "vitest";
import { replyText } from "../../support/pulse-fixture.js";
import { runFor } from "../../support/simulate.js";
import { buttonValue, checkinsTo, click, type World, world } from "./harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

describe("editing an answer while the window is open", () => {
  it("from /checkin: the delivered message updates in place and the history keeps both versions", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await runFor(pulse, clock, 3);
    const dm = checkinsTo(platform, "ana")[0];
    if (!dm) throw new Error("no check-in");
    await click(pulse, "ana", "checkin.choice", buttonValue(dm.message, "Limited time"), {
      messageRef: dm.ref,
    });

    const listed = await pulse.run("ana", "checkin", "");
    expect(replyText(listed)).toContain("Recorded: Limited time");
    const fromList = listed[0]?.message;
    if (!fromList) throw new Error("no /checkin reply");
    const edited = await pulse.core.handle({
      kind: "action",
      actor: { platform: "shell", workspaceId: "local", userId: "ana" },
      actionId: "checkin.choice",
      value: buttonValue(fromList, "Actively"),
    });
    expect(replyText(edited)).toContain("Recorded: Actively");
    expect(platform.updates.at(-1)?.ref).toBe(dm.ref);
    expect(platform.updates.at(-1)?.message.sections[0]?.text).toContain("Recorded: Actively");
    const versions = pulse.db.$client.prepare("select choice from checkin_answers order by id").all();
    expect(versions).toEqual([{ choice: "limited" }, { choice: "active" }]);
  });
});
