import { afterEach, describe, expect, it } from "vitest";
import { DAY, ManualClock } from "../../../src/core/clock.js";
import type { Message } from "../../../src/core/message.js";
import { createTestPulse, dumpDatabase, replyText, type TestPulse } from "../../support/pulse-fixture.js";
import { createRecordingPlatform } from "../../support/recording-platform.js";
import { runFor } from "../../support/simulate.js";

let pulse: TestPulse;
afterEach(async () => {
  await pulse?.close();
});

type Recorder = ReturnType<typeof createRecordingPlatform>;

async function setup(start = "2026-03-02T07:00:00Z", tz = "Europe/London") {
  const clock = new ManualClock(start);
  const platform: Recorder = createRecordingPlatform("shell", clock);
  pulse = await createTestPulse({ clock, platforms: [platform] });
  const at = clock.now();
  await pulse.deps.store.ensureWorkspace("local", "shell", at);
  await pulse.deps.store.upsertPerson("local", "ana", { displayName: "Ana", tz }, at);
  await pulse.run("pmo", "pulse", "channel <#pmo|pmo>");
  return { clock, platform };
}

function choiceValue(msg: Message, label: string): string {
  for (const s of msg.sections)
    for (const c of s.controls ?? []) if (c.kind === "button" && c.label === label) return c.value;
  throw new Error(`no ${label} button`);
}

async function click(value: string, label = "checkin.choice", user = "ana", messageRef = "m") {
  return pulse.core.handle({
    kind: "action",
    actor: { platform: "shell", workspaceId: "local", userId: user },
    actionId: label,
    value,
    messageRef,
  });
}

const checkinsTo = (p: Recorder, id: string) => p.to(id).filter((m) => m.dedupeKey.startsWith("checkin:"));
const escalationsOf = (p: Recorder) => p.sent.filter((m) => m.dedupeKey.startsWith("escalation:"));

// Simulations tick hourly through weeks of time: give them room on a busy machine.
describe("scheduled check-ins", { timeout: 180_000 }, () => {
  it("a weekly sponsor who answers gets one check-in a week at 09:00 local and stays engaged", async () => {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    const answered = new Set<string>();
    await runFor(pulse, clock, 8 * 7 * 24, async () => {
      const last = checkinsTo(platform, "ana").at(-1);
      if (last && !answered.has(last.ref)) {
        answered.add(last.ref);
        await click(choiceValue(last.message, "Actively"));
      }
    });
    const sent = checkinsTo(platform, "ana");
    expect(sent).toHaveLength(8);
    // Mondays at 09:00 London time (GMT then BST after 29 March).
    expect(sent.map((m) => m.at.toISOString().slice(0, 16))).toEqual([
      "2026-03-02T09:00",
      "2026-03-09T09:00",
      "2026-03-16T09:00",
      "2026-03-23T09:00",
      "2026-03-30T08:00",
      "2026-04-06T08:00",
      "2026-04-13T08:00",
      "2026-04-20T08:00",
    ]);
    expect(escalationsOf(platform)).toEqual([]);
    expect(replyText(await pulse.run("zed", "initiative", "list"))).toMatch(/POC \d+d · engaged/);
    expect(replyText(await pulse.run("zed", "initiative", "show churn"))).toContain("Engagement: engaged");
  });

  it("a sponsor who stops answering walks cooling → lapsing → lapsed, one escalation per step, and an answer clears it", async () => {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    const states: string[] = [];
    await runFor(pulse, clock, 8 * 7 * 24, async () => {
      const state =
        (
          await pulse.deps.insights.engagement(
            "local",
            await pulse.deps.store.listInitiatives("local"),
            clock.now(),
          )
        )
          .values()
          .next().value?.state ?? "";
      if (states.at(-1) !== state) states.push(state);
    });
    expect(states).toEqual(["engaged", "cooling", "lapsing", "lapsed"]);
    const levels = escalationsOf(platform).map((m) => m.dedupeKey.split(":")[3]);
    expect(levels).toEqual(["cooling", "lapsing", "lapsing", "lapsed"]);
    expect(escalationsOf(platform).map((m) => m.target.id)).toEqual(["ana", "bo", "pmo", "pmo"]);
    expect(
      replyText([{ audience: "ephemeral", message: escalationsOf(platform).at(-1)?.message as Message }]),
    ).toMatch(/no answer/i);

    // The sponsor answers the next check-in: engaged again, and the episode is over.
    await runFor(pulse, clock, 3);
    const open = checkinsTo(platform, "ana").at(-1);
    await click(choiceValue(open?.message as Message, "Actively"));
    const show = replyText(await pulse.run("zed", "initiative", "show churn"));
    expect(show).toContain("Engagement: engaged");
    await runFor(pulse, clock, 24);
    expect(escalationsOf(platform)).toHaveLength(4);
  });

  it("across the New York DST change, exactly one check-in a week at 09:00 local", async () => {
    const { clock, platform } = await setup("2026-03-01T12:00:00Z", "America/New_York");
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    await runFor(pulse, clock, 3 * 7 * 24);
    const local = checkinsTo(platform, "ana").map((m) =>
      new Intl.DateTimeFormat("en-CA", {
        timeZone: "America/New_York",
        dateStyle: "short",
        timeStyle: "short",
        hourCycle: "h23",
      }).format(m.at),
    );
    expect(local).toEqual(["2026-03-02, 09:00", "2026-03-09, 09:00", "2026-03-16, 09:00"]);
  });

  it("two initiatives of one sponsor due together make one message", async () => {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    await pulse.run("pmo", "initiative", "add Fraud scoring --sponsor <@ana|ana> --lead <@cy|cy>");
    await runFor(pulse, clock, 3);
    const sent = checkinsTo(platform, "ana");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message.summary).toBe("Are you still actively sponsoring 2 initiatives?");
    expect(sent[0]?.message.sections.map((s) => s.heading)).toEqual([
      "**Churn model** — Strategy & vision, day 0 in stage",
      "**Fraud scoring** — Strategy & vision, day 0 in stage",
    ]);
  });

  it("tick run twice at the same instant sends once; a restart mid-window neither re-sends nor loses", async () => {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    clock.set("2026-03-02T09:00:00Z");
    await Promise.all([pulse.tick(), pulse.tick()]);
    await pulse.tick();
    expect(checkinsTo(platform, "ana")).toHaveLength(1);

    // "Restart": a second runtime on the same file, ticking through the rest of the window.
    const again = await createTestPulse({ dir: pulse.dir, clock, platforms: [platform] });
    clock.set("2026-03-03T22:00:00Z");
    await again.tick();
    const reminders = platform.to("ana").filter((m) => m.dedupeKey.startsWith("reminder:"));
    expect(reminders).toHaveLength(1);
    await again.tick();
    expect(platform.to("ana").filter((m) => m.dedupeKey.startsWith("reminder:"))).toHaveLength(1);
    expect(checkinsTo(platform, "ana")).toHaveLength(1);
    await again.close();
  });

  it("after downtime, stale slots are not sent and open windows close as missed without stale reminders", async () => {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    clock.set("2026-03-02T09:00:00Z");
    await pulse.tick();
    clock.set("2026-03-20T12:00:00Z"); // down for 18 days
    const report = await pulse.tick();
    expect(report.missed).toBe(1);
    expect(report.reminders).toBe(0);
    expect(checkinsTo(platform, "ana")).toHaveLength(1);
    clock.set("2026-03-23T09:00:00Z");
    await pulse.tick();
    expect(checkinsTo(platform, "ana")).toHaveLength(2);
  });
});

describe("answers", () => {
  async function sent() {
    const { clock, platform } = await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    clock.set("2026-03-02T09:00:00Z");
    await pulse.tick();
    return { clock, platform, msg: checkinsTo(platform, "ana")[0]?.message as Message };
  }

  it("records a click, updates in place, and a second click or retry updates rather than duplicates", async () => {
    const { msg } = await sent();
    const first = await click(choiceValue(msg, "Actively"));
    expect(first[0]?.audience).toBe("replace");
    expect(replyText(first)).toContain("Recorded: Actively");
    await click(choiceValue(msg, "Actively"));
    const id = choiceValue(msg, "Actively").split(":")[0];
    await click(`${id}:4`, "checkin.confidence");
    const rows = dumpDatabase(pulse);
    expect(rows.checkins).toHaveLength(1);
    expect(rows.checkin_answers).toHaveLength(2);
    expect(rows.checkins?.[0]).toMatchObject({
      status: "answered",
      choice: "active",
      confidence: 4,
      latency_seconds: 0,
    });
  });

  it("hand over tells the lead and the PMO and asks who takes over", async () => {
    const { msg, platform } = await sent();
    const reply = replyText(await click(choiceValue(msg, "Hand over")));
    expect(reply).toContain("Who should take over?");
    await pulse.tick();
    expect(platform.sent.filter((m) => m.dedupeKey.startsWith("handover:")).map((m) => m.target.id)).toEqual([
      "bo",
      "pmo",
    ]);
  });

  it("/checkin lists a sponsor's open check-ins and answers from there", async () => {
    await sent();
    const reply = await pulse.run("ana", "checkin", "");
    expect(replyText(reply)).toContain("Are you still actively sponsoring Churn model?");
    expect(replyText(await pulse.run("bo", "checkin", ""))).toContain("no open check-ins");
  });

  it.each([
    ["someone else's", (id: string) => click(`${id}:active`, "checkin.choice", "bo"), /addressed to Ana/],
    ["unknown", () => click("999:active"), /does not exist/],
    ["garbled", () => click("abc"), /not valid any more/],
    ["confidence 7", (id: string) => click(`${id}:7`, "checkin.confidence"), /from 1 to 5/],
    ["a bad choice", (id: string) => click(`${id}:maybe`), /Choose Actively/],
  ])("refuses an answer that is %s and changes nothing", async (_what, act, expected) => {
    const { msg } = await sent();
    const id = choiceValue(msg, "Actively").split(":")[0] as string;
    const before = dumpDatabase(pulse);
    expect(replyText(await act(id))).toMatch(expected);
    expect({ ...dumpDatabase(pulse), people: [] }).toEqual({ ...before, people: [] });
  });

  it("refuses an answer after the window closed", async () => {
    const { msg, clock } = await sent();
    clock.advance(4 * DAY);
    await pulse.tick();
    const before = dumpDatabase(pulse);
    expect(replyText(await click(choiceValue(msg, "Actively")))).toMatch(/closed on 2026-03-05/);
    expect(dumpDatabase(pulse)).toEqual(before);
  });
});

describe("escalation handling", () => {
  it("ack and snooze, with bad snoozes refused", async () => {
    await setup();
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    expect(replyText(await pulse.run("pmo", "pulse", "snooze churn 0"))).toMatch(/1 to 90 days, not 0/);
    expect(replyText(await pulse.run("pmo", "pulse", "snooze churn 400"))).toMatch(/not 400/);
    expect(replyText(await pulse.run("pmo", "pulse", "snooze churn"))).toMatch(/how many days/);
    expect(replyText(await pulse.run("bo", "pulse", "ack churn"))).toMatch(/Only a PMO admin/);
    expect(replyText(await pulse.run("pmo", "pulse", "ack churn"))).toMatch(/no unacknowledged escalation/);
  });
});
