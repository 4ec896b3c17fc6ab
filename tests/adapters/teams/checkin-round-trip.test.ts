import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { ConnectorCall } from "../../support/connector-stub.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { fixture, type Harness, startHarness } from "./harness.js";

const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const PRIYA = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
const PRIYA_MEMBER = "29:1Pr1yaRamanMemberIdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
const PRIYA_CHAT = "a:1PriyaPersonalChatZz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg0Ff";
const CHANNEL = "19:4b6d8f0a2c4e4f6a8b0c2d4e6f8a0b2c@thread.tacv2";
const MONDAY_AFTERNOON = new Date("2026-11-23T15:00:00Z");

type El = Record<string, unknown>;
const flat = (elements: El[]): El[] =>
  elements.flatMap((e) => [
    e,
    ...flat((e.actions as El[] | undefined) ?? []),
    ...flat((e.body as El[]) ?? []),
  ]);

function cardOf(call: ConnectorCall | undefined): El[] {
  const [attachment] = (call?.body.attachments ?? []) as { content: { body: El[] } }[];
  return flat(attachment?.content.body ?? []);
}

interface InvokeBody {
  statusCode: number;
  type: string;
  value: { body: El[] };
}

describe("a check-in round trip through Teams", () => {
  let pulse: TestPulse;
  let h: Harness;

  beforeEach(async () => {
    pulse = await createTestPulse({ clock: new ManualClock("2026-11-23T08:00:00Z"), admins: [DANA] });
    h = await startHarness({ core: pulse.core, db: pulse.db });
    pulse.platforms.set("teams", h.teams.platform);
    h.stub.members.set(PRIYA_MEMBER, { id: PRIYA_MEMBER, name: "Priya Raman", aadObjectId: PRIYA });
    // Priya installs the app (her personal chat), then Dana registers the initiative in the PMO channel.
    await h.post(fixture("installation-update", h.stub.url));
    await h.post(fixture("channel-mention", h.stub.url));
    h.stub.calls.length = 0;
  });
  afterEach(async () => {
    await h.close();
    await pulse.close();
  });

  const checkins = () =>
    pulse.db.$client.prepare("select status, choice, confidence, note from checkins").all();

  /** Taps the card's Send as Teams does: a message whose `value` is the submit's data plus every input. */
  async function submit(
    card: El[],
    from: Record<string, unknown>,
    inputs: Record<string, string>,
    replyToId: string,
    patch: Record<string, unknown> = {},
  ) {
    const action = card.find((e) => e.type === "Action.Submit") as El;
    const value = { ...(action.data as El), ...inputs };
    return h.post(fixture("submit-message", h.stub.url, { from, replyToId, value, ...patch }));
  }

  /** The same answer from a card sent before taps became Action.Submit: an Action.Execute invoke. */
  async function execute(from: Record<string, unknown>, data: El, replyToId: string) {
    const value = { action: { type: "Action.Execute", verb: data.verb, data }, trigger: "manual" };
    return h.post(fixture("invoke-execute", h.stub.url, { from, replyToId, value }));
  }

  const updates = () => h.stub.delivered().filter((c) => c.kind === "update");

  it("tick → proactive card in the sponsor's chat → one Action.Submit → recorded, card updated in place", async () => {
    const report = await pulse.tick(MONDAY_AFTERNOON);
    expect(report.delivery).toMatchObject({ sent: 1, failed: 0 });
    const [sent] = h.stub.delivered();
    expect(sent).toMatchObject({ kind: "send", conversationId: PRIYA_CHAT });
    expect(sent?.body.summary).toMatch(/Churn model/);
    const card = cardOf(sent);
    expect(card.filter((e) => e.type === "Action.Execute")).toEqual([]);
    const choice = card.find(
      (e) => e.type === "Input.ChoiceSet" && String(e.id).endsWith("checkin.choice"),
    ) as El;
    const confidence = card.find(
      (e) => e.type === "Input.ChoiceSet" && String(e.id).endsWith("confidence"),
    ) as El;
    const note = card.find((e) => e.type === "Input.Text") as El;
    const [active] = choice.choices as { value: string }[];
    const four = (confidence.choices as { value: string }[])[3];

    const priya = { id: PRIYA_MEMBER, name: "Priya Raman", aadObjectId: PRIYA };
    const inputs = {
      [String(choice.id)]: active?.value ?? "",
      [String(confidence.id)]: four?.value ?? "",
      [String(note.id)]: "A decision on the labelling budget",
    };
    h.stub.calls.length = 0;
    const res = await submit(card, priya, inputs, String(sent?.activityId), { id: "tap-1" });
    expect(res.status).toBe(200);
    // The original card is updated in place (PUT on its activity), nothing new is posted.
    expect(h.stub.delivered()).toHaveLength(1);
    const [update] = updates();
    expect(update).toMatchObject({ conversationId: PRIYA_CHAT, activityId: String(sent?.activityId) });
    expect(JSON.stringify(cardOf(update))).toMatch(/Recorded/);
    expect(checkins()).toEqual([
      { status: "answered", choice: "active", confidence: 4, note: "A decision on the labelling budget" },
    ]);

    // The Bot Framework re-delivering the same activity (same id) reaches the core once.
    await submit(card, priya, inputs, String(sent?.activityId), { id: "tap-1" });
    expect(updates()).toHaveLength(1);

    // Submitting again (a double tap) updates the same answer, never a second one.
    await submit(card, priya, { [String(choice.id)]: "limited" }, String(sent?.activityId), { id: "tap-2" });
    expect(checkins()).toEqual([expect.objectContaining({ status: "answered", choice: "limited" })]);
    expect(pulse.db.$client.prepare("select count(*) as n from checkins").get()).toEqual({ n: 1 });
  });

  it("the weekly digest reaches the PMO channel with its engagement chart as an image", async () => {
    // The channel Dana registered the initiative in becomes the workspace's PMO channel.
    pulse.db.$client.prepare("update workspaces set default_channel = ?").run(CHANNEL);
    await pulse.tick(new Date("2026-11-30T08:30:00Z"));
    const posts = h.stub.calls.filter((c) => c.kind === "send" && c.conversationId === CHANNEL);
    expect(posts).toHaveLength(1);
    const image = posts.flatMap((c) => cardOf(c)).find((e) => e.type === "Image");
    expect(image?.altText).toMatch(/initiative/);
    expect(String(image?.url)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it("a card sent before the switch (Action.Execute) still records through its invoke", async () => {
    await pulse.tick(MONDAY_AFTERNOON);
    const [sent] = h.stub.delivered();
    const card = cardOf(sent);
    const action = card.find((e) => e.type === "Action.Submit") as El;
    const choice = card.find((e) => e.type === "Input.ChoiceSet") as El;
    const priya = { id: PRIYA_MEMBER, name: "Priya Raman", aadObjectId: PRIYA };
    const data = { ...(action.data as El), [String(choice.id)]: "active" };
    const res = await execute(priya, data, String(sent?.activityId));
    const body = res.body as InvokeBody;
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(body.value.body)).toMatch(/Recorded/);
    expect(checkins()).toEqual([expect.objectContaining({ status: "answered", choice: "active" })]);
  });

  it("someone else's submission is refused on the card and changes nothing", async () => {
    await pulse.tick(MONDAY_AFTERNOON);
    const [sent] = h.stub.delivered();
    const card = cardOf(sent);
    const choice = card.find((e) => e.type === "Input.ChoiceSet") as El;
    const dana = { id: "29:dana", name: "Dana Whitfield", aadObjectId: DANA };
    h.stub.calls.length = 0;
    await submit(card, dana, { [String(choice.id)]: "active" }, String(sent?.activityId));
    expect(JSON.stringify(h.stub.delivered().map((c) => c.body))).toMatch(/only they can answer/);
    expect(checkins()).toEqual([{ status: "open", choice: null, confidence: null, note: null }]);
  });

  it("a sponsor who never installed the bot is reported unreachable, not silently skipped", async () => {
    const sam = {
      text: "initiative add Invoice OCR --sponsor <at>Sam Okafor</at> --lead <at>Dana Whitfield</at>",
      entities: [
        {
          type: "mention",
          text: "<at>Sam Okafor</at>",
          mentioned: { id: "29:sam", name: "Sam Okafor", aadObjectId: "aad-sam" },
        },
        {
          type: "mention",
          text: "<at>Dana Whitfield</at>",
          mentioned: { id: "29:dana", name: "Dana Whitfield", aadObjectId: DANA },
        },
      ],
    };
    await h.post(fixture("personal-message", h.stub.url, sam));
    h.stub.calls.length = 0;
    const report = await pulse.tick(MONDAY_AFTERNOON);
    expect(report.delivery).toMatchObject({ sent: 1, failed: 1 });
    expect(h.stub.delivered().map((c) => c.conversationId)).toEqual([PRIYA_CHAT]);
    const outbox = pulse.db.$client
      .prepare("select target_id as target, status, last_error as error from outbox where status = 'failed'")
      .all();
    expect(outbox).toEqual([{ target: "aad-sam", status: "failed", error: "unreachable" }]);
  });
});
