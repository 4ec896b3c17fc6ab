import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createTestPulse, replyText, type TestPulse } from "../../support/pulse-fixture.js";
import { createRecordingPlatform } from "../../support/recording-platform.js";

let pulse: TestPulse;
afterEach(async () => {
  await pulse?.close();
});

const home = async (userId: string) =>
  replyText([
    {
      audience: "ephemeral",
      message: await pulse.core.home({ platform: "shell", workspaceId: "local", userId }),
    },
  ]);

describe("home view", () => {
  it("shows what a person sponsors and leads, open check-ins, and the whole portfolio to PMO admins", async () => {
    const clock = new ManualClock("2026-03-01T12:00:00Z");
    pulse = await createTestPulse({ clock, platforms: [createRecordingPlatform("shell", clock)] });
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("pmo", "initiative", "add Fraud scoring --lead <@ana|ana>");
    clock.set("2026-03-02T09:00:00Z");
    await pulse.tick();

    const ana = await home("ana");
    expect(ana).toContain("1 check-in is open: answer with `/checkin`.");
    expect(ana).toMatch(/You sponsor \(1\)\n.*Churn model \(`churn-model`\) · POC 0d · engaged/);
    expect(ana).toMatch(/You lead \(1\)\n.*Fraud scoring/);
    expect(ana).not.toContain("Portfolio");

    const pmo = await home("pmo");
    expect(pmo).toMatch(
      /Portfolio \(2\), most at risk first\n.*Fraud scoring.*unsponsored.*— no sponsor assigned since 2026-03-01\n.*Churn model/,
    );
    expect(await home("zed")).toContain("You have no initiatives yet.");
  });
});
