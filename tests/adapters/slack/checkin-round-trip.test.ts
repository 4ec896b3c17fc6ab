import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { commandBody, interactionBody, postSigned, type StubMessage } from "../../support/slack-api-stub.js";
import { eventually, type Harness, SIGNING_SECRET, startHarness } from "./harness.js";

let pulse: TestPulse;
let h: Harness;
let clock: ManualClock;
let n = 0;

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: { value: string }[];
}

function elements(message: StubMessage | undefined): Element[] {
  return ((message?.blocks ?? []) as { type: string; elements?: Element[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);
}

beforeEach(async () => {
  clock = new ManualClock("2026-11-23T08:00:00Z");
  pulse = await createTestPulse({ clock, admins: ["U0PMO"] });
  h = await startHarness(pulse.core);
  pulse.platforms.set("slack", h.adapter.platform);
  await type("U0PMO", "initiative", "add Churn model --sponsor <@U0SPONSOR> --lead <@U0LEAD> --stage poc");
});
afterEach(async () => {
  await h.close();
  await pulse.close();
});

async function type(user: string, command: string, text: string) {
  const id = `c${++n}`;
  const body = commandBody({
    team_id: "T0001",
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: "C0PORT",
    command: `/${command}`,
    text,
    trigger_id: `trig-${id}`,
    response_url: h.stub.responseUrl(id),
  });
  await postSigned(h.eventsUrl, SIGNING_SECRET, body);
  await eventually(() => expect(h.stub.responses(id).length).toBeGreaterThan(0));
}

/** A click by `user` on `element` of the posted message, as Slack sends it. */
async function click(
  user: string,
  message: StubMessage,
  element: Element,
  selected?: string,
  team = "T0001",
) {
  const id = `a${++n}`;
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    team: { id: team, domain: "acme" },
    trigger_id: `trig-${id}`,
    response_url: h.stub.responseUrl(id),
    container: { type: "message", channel_id: message.channel, message_ts: message.ts },
    actions: [
      {
        type: element.type,
        action_id: element.action_id,
        block_id: "pulse-controls-0",
        action_ts: `${Date.now() / 1000}`,
        ...(selected ? { selected_option: { value: selected } } : { value: element.value }),
      },
    ],
  };
  const res = await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(payload));
  expect(res.status).toBe(200);
  return id;
}

function checkinRows() {
  return pulse.db.$client.prepare("select status, choice, confidence, note from checkins").all();
}

describe("a check-in round trip through Slack", () => {
  it("tick → DM with buttons → click → answer recorded → message updated in place", async () => {
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    const dm = h.stub.messages[0] as StubMessage;
    expect(dm.channel).toBe("DU0SPONSOR");
    expect(dm.text).toMatch(/Churn model/);
    expect(dm.metadata?.event_type).toBe("sponsor_pulse");
    const buttons = elements(dm).filter(
      (e) => e.type === "button" && !e.action_id.startsWith("pulse.slack.note"),
    );
    expect(buttons.map((b) => b.value?.split(":")[1])).toEqual(["active", "limited", "handover"]);

    const active = buttons[0] as Element;
    await click("U0SPONSOR", dm, active);
    await eventually(() => expect(dm.updates).toBe(1));
    expect(checkinRows()).toEqual([{ status: "answered", choice: "active", confidence: null, note: null }]);
    expect(dm.text).toMatch(/recorded/i);

    // A second tap (or a double click) updates the same answer, never a second one.
    const select = elements(dm).find((e) => e.type === "static_select") as Element;
    await click("U0SPONSOR", dm, select, select.options?.[3]?.value);
    await eventually(() => expect(dm.updates).toBe(2));
    expect(checkinRows()).toEqual([{ status: "answered", choice: "active", confidence: 4, note: null }]);
  });

  it("someone else's click is refused ephemerally and changes nothing", async () => {
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    const dm = h.stub.messages[0] as StubMessage;
    const id = await click("U0LEAD", dm, elements(dm)[0] as Element);
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(1));
    expect(h.stub.responses(id)[0]).toMatchObject({ response_type: "ephemeral" });
    expect(dm.updates).toBe(0);
    expect(checkinRows()).toEqual([{ status: "open", choice: null, confidence: null, note: null }]);
  });

  it("the same user id clicking from another workspace cannot answer this workspace's check-in", async () => {
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    const dm = h.stub.messages[0] as StubMessage;
    const id = await click("U0SPONSOR", dm, elements(dm)[0] as Element, undefined, "T0666");
    await eventually(() => expect(h.stub.responses(id)).toHaveLength(1));
    expect(h.stub.responses(id)[0]).toMatchObject({ response_type: "ephemeral" });
    expect(dm.updates).toBe(0);
    expect(checkinRows()).toEqual([{ status: "open", choice: null, confidence: null, note: null }]);
  });

  it("'Add a note' → modal → submission records the note and updates the DM", async () => {
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    const dm = h.stub.messages[0] as StubMessage;
    const note = elements(dm).find((e) => e.action_id.startsWith("pulse.slack.note")) as Element;
    await click("U0SPONSOR", dm, note);
    await eventually(() => expect(h.stub.callsOf("views.open")).toHaveLength(1));
    const view = h.stub.callsOf("views.open")[0]?.body.view as {
      callback_id: string;
      private_metadata: string;
    };
    const submission = {
      type: "view_submission",
      team: { id: "T0001" },
      user: { id: "U0SPONSOR", name: "maria", team_id: "T0001" },
      trigger_id: "trig-note-submit",
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: { note: { v: { type: "plain_text_input", value: "A decision on labelling budget" } } },
        },
      },
    };
    await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(submission));
    await eventually(() => expect(dm.updates).toBe(1));
    expect(checkinRows()).toEqual([expect.objectContaining({ note: "A decision on labelling budget" })]);
  });

  it("a tick through a 429, a 500 and a lost answer still delivers exactly one DM", async () => {
    h.stub.failNext("chat.postMessage", 1, { status: 429, retryAfter: 0 });
    h.stub.failNext("chat.postMessage", 1, { status: 500 });
    h.stub.failNext("chat.postMessage", 1, { lostAnswer: true });
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await pulse.tick(new Date("2026-11-23T15:05:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    await pulse.tick(new Date("2026-11-23T16:00:00Z"));
    expect(h.stub.messages).toHaveLength(1);
    expect(h.stub.callsOf("chat.postMessage").length).toBeGreaterThanOrEqual(3);
  });

  it("App Home shows the viewer's initiatives; another workspace's Home shows none of them", async () => {
    const open = async (team: string, user: string, eventId: string) => {
      const event = {
        type: "event_callback",
        team_id: team,
        event_id: eventId,
        event: { type: "app_home_opened", user, tab: "home" },
      };
      const before = h.stub.callsOf("views.publish").length;
      await postSigned(h.eventsUrl, SIGNING_SECRET, JSON.stringify(event), {
        contentType: "application/json",
      });
      await eventually(() => expect(h.stub.callsOf("views.publish")).toHaveLength(before + 1));
      const call = h.stub.callsOf("views.publish")[before]?.body as {
        user_id: string;
        view: { type: string; blocks: unknown[] };
      };
      return { userId: call.user_id, type: call.view.type, text: JSON.stringify(call.view.blocks) };
    };
    const sponsor = await open("T0001", "U0SPONSOR", "EvHome1");
    expect(sponsor).toMatchObject({ userId: "U0SPONSOR", type: "home" });
    expect(sponsor.text).toMatch(/You sponsor \(1\)/);
    expect(sponsor.text).toMatch(/Churn model/);
    const pmo = await open("T0001", "U0PMO", "EvHome2");
    expect(pmo.text).toMatch(/Portfolio \(1\)/);
    const elsewhere = await open("T0002", "U0PMO", "EvHome3");
    expect(elsewhere.text).not.toMatch(/Churn model/);
  });

  it("the weekly digest is posted to the PMO channel as Block Kit with a plain-text fallback", async () => {
    await type("U0PMO", "pulse", "channel <#C0PMO|pmo>");
    await pulse.tick(new Date("2026-11-30T08:30:00Z"));
    await eventually(() => expect(h.stub.messages.filter((m) => m.channel === "C0PMO")).toHaveLength(1));
    const digest = h.stub.messages.find((m) => m.channel === "C0PMO") as StubMessage;
    expect(digest.blocks.length).toBeGreaterThan(1);
    expect(digest.text).toMatch(/Churn model|1 initiative/);
    expect(digest.text).not.toMatch(/\*\*/);
    expect(digest.metadata?.event_type).toBe("sponsor_pulse");
    // Its engagement chart: summarised in the message, the PNG shared once in the digest's thread.
    expect(JSON.stringify(digest.blocks)).toContain(":bar_chart: ");
    await eventually(() => expect(h.stub.sharedFiles()).toHaveLength(1));
    const [chart] = h.stub.sharedFiles();
    expect(chart?.shares).toEqual([
      expect.objectContaining({
        channel: "C0PMO",
        threadTs: digest.ts,
        title: "Sponsor engagement, last 8 weeks",
      }),
    ]);
    expect(chart?.bytes?.subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("/checkin shows the open check-in ephemerally, and a click there is recorded and replaces it", async () => {
    await pulse.tick(new Date("2026-11-23T15:00:00Z"));
    await eventually(() => expect(h.stub.messages).toHaveLength(1));
    const id = `c${n + 1}`;
    await type("U0SPONSOR", "checkin", "");
    const shown = h.stub.responses(id)[0] as { response_type: string; blocks: unknown[] };
    expect(shown.response_type).toBe("ephemeral");
    const limited = elements({ blocks: shown.blocks } as StubMessage).find((e) =>
      e.value?.endsWith(":limited"),
    );
    expect(limited).toBeDefined();
    const ephemeral = {
      channel: "C0PORT",
      ts: "1700000999.000100",
      text: "",
      blocks: shown.blocks,
      updates: 0,
    };
    const clickId = `a${n + 1}`;
    const payload = {
      type: "block_actions",
      user: { id: "U0SPONSOR", name: "maria", team_id: "T0001" },
      team: { id: "T0001" },
      trigger_id: `trig-${clickId}`,
      response_url: h.stub.responseUrl(clickId),
      container: {
        type: "message",
        channel_id: ephemeral.channel,
        message_ts: ephemeral.ts,
        is_ephemeral: true,
      },
      actions: [
        { type: "button", action_id: limited?.action_id, value: limited?.value, action_ts: "1700001000.1" },
      ],
    };
    await postSigned(h.eventsUrl, SIGNING_SECRET, interactionBody(payload));
    await eventually(() => expect(h.stub.responses(clickId)).toHaveLength(1));
    expect(h.stub.responses(clickId)[0]).toMatchObject({ replace_original: true });
    expect(checkinRows()).toEqual([{ status: "answered", choice: "limited", confidence: null, note: null }]);
    // The DM delivered earlier is brought in step too, so it cannot be answered again by mistake.
    await eventually(() => expect(h.stub.messages[0]?.updates).toBe(1));
  });
});
