import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { fixture, type Harness, startHarness } from "./harness.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const PRIYA = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const PRIYA_MEMBER = "29:1Pr1yaRamanMemberIdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

describe("Teams ↔ real core", () => {
  let pulse: TestPulse;
  let h: Harness;

  beforeEach(async () => {
    pulse = await createTestPulse({ admins: [DANA] });
    h = await startHarness({ core: pulse.core, db: pulse.db });
    pulse.platforms.set("teams", h.teams.platform);
    h.stub.members.set(PRIYA_MEMBER, { id: PRIYA_MEMBER, name: "Priya Raman", aadObjectId: PRIYA });
  });
  afterEach(async () => {
    await h.close();
    await pulse.close();
  });

  const summaries = () => h.stub.delivered().map((c) => c.body.summary);

  it("an initiative added with @mentions in a channel, then listed and staged from a personal chat", async () => {
    expect((await h.post(fixture("channel-mention", h.stub.url))).status).toBe(200);
    expect(pulse.db.$client.prepare("select name, workspace_id as ws from initiatives").all()).toEqual([
      { name: "Churn model", ws: TENANT },
    ]);
    // People are known by AAD object id in the tenant, with their Teams names.
    expect(
      pulse.db.$client.prepare("select user_id as id, display_name as name from people order by name").all(),
    ).toEqual([
      { id: DANA, name: "Dana Whitfield" },
      { id: PRIYA, name: "Priya Raman" },
    ]);
    expect(summaries()).toEqual(["Added Churn model (`churn-model`)."]);

    await h.post(fixture("personal-message", h.stub.url, { text: "initiative list" }));
    const list = h.stub.delivered().at(-1);
    expect(JSON.stringify(list?.body.attachments)).toContain("Churn model");

    await h.post(
      fixture("personal-message", h.stub.url, { text: "stage churn poc Pilot approved --force agreed" }),
    );
    expect(summaries().at(-1)).toBe("Dana Whitfield moved Churn model to Proof of concept: Pilot approved");
    expect(pulse.db.$client.prepare("select stage from initiatives").get()).toEqual({ stage: "poc" });
    // Dana's time zone came from the activity and was kept for scheduling.
    expect(pulse.db.$client.prepare("select tz from people where user_id = ?").get(DANA)).toEqual({
      tz: "Europe/London",
    });
  });

  it("someone who is not a PMO admin is refused and nothing changes", async () => {
    const priya = {
      from: { id: PRIYA_MEMBER, name: "Priya Raman", aadObjectId: PRIYA },
      text: "initiative add Shadow project --sponsor <at>Priya Raman</at> --lead <at>Priya Raman</at>",
      entities: [
        {
          type: "mention",
          text: "<at>Priya Raman</at>",
          mentioned: { id: PRIYA_MEMBER, name: "Priya Raman" },
        },
      ],
    };
    await h.post(fixture("personal-message", h.stub.url, priya));
    expect(summaries().at(-1)).toMatch(/Only a PMO admin can add initiatives/);
    expect(pulse.db.$client.prepare("select count(*) as n from initiatives").get()).toEqual({ n: 0 });
  });
});
