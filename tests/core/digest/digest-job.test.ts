import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { DeliveryError } from "../../../src/core/platform.js";
import { createTestPulse, replyText, type TestPulse } from "../../support/pulse-fixture.js";
import { createRecordingPlatform } from "../../support/recording-platform.js";
import { runFor } from "../../support/simulate.js";

let pulse: TestPulse;
afterEach(async () => {
  await pulse?.close();
});

async function setup() {
  const clock = new ManualClock("2026-03-04T12:00:00Z");
  const platform = createRecordingPlatform("shell", clock);
  pulse = await createTestPulse({ clock, platforms: [platform] });
  await pulse.run("pmo", "pulse", "channel <#pmo|pmo>");
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
  await pulse.run(
    "pmo",
    "initiative",
    "add Fraud scoring --sponsor <@cy|cy> --lead <@bo|bo> --channel <#risk|risk>",
  );
  return { clock, platform };
}

const digestsTo = (p: ReturnType<typeof createRecordingPlatform>) =>
  p.sent.filter((m) => m.dedupeKey.startsWith("digest:"));

describe("the weekly digest job", () => {
  it("posts one digest per PMO channel per week, Monday 08:00 workspace time, exactly once across a restart", async () => {
    const { clock, platform } = await setup();
    await pulse.tick();
    // The current week's slot (Mon 2 March) had passed when the workspace appeared: one digest each now.
    expect(
      digestsTo(platform)
        .map((m) => m.target.id)
        .sort(),
    ).toEqual(["pmo", "risk"]);
    await runFor(pulse, clock, 24 * 4); // to Sunday 8 March, 12:00
    expect(digestsTo(platform)).toHaveLength(2);

    const again = await createTestPulse({ dir: pulse.dir, clock, platforms: [platform] });
    clock.set("2026-03-09T07:59:00Z");
    await again.tick();
    expect(digestsTo(platform)).toHaveLength(2);
    clock.set("2026-03-09T08:00:00Z");
    await Promise.all([again.tick(), pulse.tick()]);
    await again.tick();
    const posted = digestsTo(platform);
    expect(posted).toHaveLength(4);
    expect(posted.slice(2).map((m) => m.at.toISOString())).toEqual([
      "2026-03-09T08:00:00.000Z",
      "2026-03-09T08:00:00.000Z",
    ]);
    const pmo = posted.filter((m) => m.target.id === "pmo").at(-1);
    expect(pmo?.message.summary).toMatch(/^1 initiative/);
    expect(replyText([{ audience: "channel", message: pmo?.message as never }])).toContain("churn-model");
    expect(replyText([{ audience: "channel", message: pmo?.message as never }])).not.toContain(
      "fraud-scoring",
    );
    await again.close();
  });

  it("reports sponsors who cannot be reached (bot not installed) instead of skipping them silently", async () => {
    const { clock, platform } = await setup();
    const send = platform.send.bind(platform);
    platform.send = async (ws, target, message, options) => {
      if (target.id === "ana") throw new DeliveryError("unreachable", "ana has not installed the bot");
      return send(ws, target, message, options);
    };
    clock.set("2026-03-09T09:00:00Z");
    await pulse.tick();
    expect(platform.to("ana")).toEqual([]);
    expect(replyText(await pulse.run("pmo", "pulse", "digest"))).toContain(
      "1 sponsor cannot get check-ins: the bot is not installed for them",
    );
  });

  it("/pulse digest shows the whole portfolio to PMO admins only", async () => {
    const { clock } = await setup();
    clock.advance(3_600_000);
    const digest = replyText(await pulse.run("pmo", "pulse", "digest"));
    expect(digest).toMatch(/^2 initiatives/m);
    expect(digest).toContain("fraud-scoring");
    expect(replyText(await pulse.run("bo", "pulse", "digest"))).toMatch(
      /Only a PMO admin can see the portfolio digest/,
    );
  });
});
