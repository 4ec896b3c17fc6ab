import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { commandBody, interactionBody, postSigned } from "../../support/slack-api-stub.js";
import { eventually, type Harness, SIGNING_SECRET, startHarness } from "./harness.js";

let pulse: TestPulse;
let h: Harness;
let n = 0;

beforeEach(async () => {
  pulse = await createTestPulse({ clock: new ManualClock("2026-11-23T08:00:00Z"), admins: ["U0PMO"] });
  h = await startHarness(pulse.core);
  pulse.platforms.set("slack", h.adapter.platform);
});
afterEach(async () => {
  await h.close();
  await pulse.close();
});

/** Types a slash command in Slack as `user` of `team`; resolves with what Slack showed back. */
async function type(team: string, user: string, command: string, text: string) {
  const id = `r${++n}`;
  const body = commandBody({
    team_id: team,
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: "C0PORT",
    command: `/${command}`,
    text,
    trigger_id: `trig-${id}`,
    response_url: h.stub.responseUrl(id),
  });
  const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body);
  expect(res.status).toBe(200);
  await eventually(() => expect(h.stub.responses(id).length).toBeGreaterThan(0));
  // Replies are posted in order; give a second one (the channel post) its chance to land.
  await new Promise((r) => setTimeout(r, 50));
  return h.stub.responses(id) as { response_type: string; text: string }[];
}

describe("Slack against the real core", () => {
  it("adds an initiative ephemerally, and a stage update is posted in the channel", async () => {
    const added = await type(
      "T0001",
      "U0PMO",
      "initiative",
      "add Churn model --sponsor <@U0SPONSOR|maria> --lead <@U0LEAD|leo> --stage poc",
    );
    expect(added[0]?.response_type).toBe("ephemeral");
    expect(added[0]?.text).toMatch(/Churn model/);

    const moved = await type("T0001", "U0LEAD", "stage", "churn architecture Pipeline agreed");
    // The channel post is the confirmation too: everyone there, the lead included, sees it once.
    expect(moved).toEqual([
      expect.objectContaining({
        response_type: "in_channel",
        text: "leo moved Churn model to Models, frameworks & architecture: Pipeline agreed",
      }),
    ]);
  });

  it("people mentioned for the first time get their name and time zone from users.info", async () => {
    await type("T0001", "U0PMO", "initiative", "add Churn model --sponsor <@U0SPONSOR> --lead <@U0LEAD>");
    const people = pulse.db.$client
      .prepare("select user_id, display_name, tz from people where workspace_id = 'T0001' order by user_id")
      .all();
    expect(people).toEqual(
      expect.arrayContaining([
        { user_id: "U0SPONSOR", display_name: "maria", tz: "America/New_York" },
        { user_id: "U0LEAD", display_name: "leo", tz: "Europe/Berlin" },
      ]),
    );
  });

  it("keeps workspaces apart: another team can neither see nor move an initiative", async () => {
    await type(
      "T0001",
      "U0PMO",
      "initiative",
      "add Churn model --sponsor <@U0SPONSOR|maria> --lead <@U0LEAD|leo> --stage poc",
    );
    const list = await type("T0002", "U0PMO", "initiative", "list");
    expect(list.map((r) => r.text).join("\n")).not.toMatch(/Churn model/);
    const move = await type("T0002", "U0PMO", "stage", "churn scaling");
    expect(move.every((r) => r.response_type === "ephemeral")).toBe(true);
    const stage = pulse.db.$client.prepare("select workspace_id, stage from initiatives").all();
    expect(stage).toEqual([{ workspace_id: "T0001", stage: "poc" }]);
  });

  it("an unknown sub-command gets the usage, ephemerally", async () => {
    const replies = await type("T0001", "U0PMO", "initiative", "frobnicate");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.response_type).toBe("ephemeral");
    expect(replies[0]?.text).toMatch(/frobnicate/);
  });

  it("the add-initiative and stage modals change the portfolio like the typed commands", async () => {
    const submit = async (id: string, callbackId: string, values: Record<string, unknown>) => {
      const payload = {
        type: "view_submission",
        team: { id: "T0001" },
        user: { id: "U0PMO", name: "pat", team_id: "T0001" },
        trigger_id: `trig-${id}`,
        view: {
          id: `V-${id}`,
          callback_id: callbackId,
          private_metadata: JSON.stringify({ responseUrl: h.stub.responseUrl(id), channelId: "C0PORT" }),
          state: { values },
        },
      };
      const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(payload));
      expect(res.status).toBe(200);
      await eventually(() => expect(h.stub.responses(id).length).toBeGreaterThan(0));
      return h.stub.responses(id) as { response_type: string; text: string }[];
    };
    await submit("m1", "pulse.initiative_add", {
      name: { v: { type: "plain_text_input", value: "Fraud scoring" } },
      sponsor: { v: { type: "users_select", selected_user: "U0SPONSOR" } },
      lead: { v: { type: "users_select", selected_user: "U0LEAD" } },
      stage: { v: { type: "static_select", selected_option: { value: "poc" } } },
      cadence: { v: { type: "static_select", selected_option: { value: "biweekly" } } },
      channel: { v: { type: "conversations_select", selected_conversation: "C0PMO" } },
    });
    expect(
      pulse.db.$client.prepare("select name, stage, cadence, pmo_channel from initiatives").all(),
    ).toEqual([{ name: "Fraud scoring", stage: "poc", cadence: "biweekly", pmo_channel: "C0PMO" }]);

    const moved = await submit("m2", "pulse.stage", {
      initiative: { v: { type: "plain_text_input", value: "fraud" } },
      stage: { v: { type: "static_select", selected_option: { value: "architecture" } } },
      note: { v: { type: "plain_text_input", value: "Feature store agreed" } },
    });
    expect(moved[0]).toMatchObject({ response_type: "in_channel" });
    expect(moved[0]?.text).toMatch(/Fraud scoring.*Feature store agreed/);
    expect(pulse.db.$client.prepare("select stage from initiatives").all()).toEqual([
      { stage: "architecture" },
    ]);
  });
});
