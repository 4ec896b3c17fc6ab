import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPulse, dumpDatabase, replyText, type TestPulse } from "../../support/pulse-fixture.js";

let pulse: TestPulse;

beforeEach(async () => {
  pulse = await createTestPulse();
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
});

afterEach(async () => {
  await pulse.close();
});

describe("/initiative", () => {
  it("adds, lists and shows an initiative with its people", async () => {
    const list = replyText(await pulse.run("zed", "initiative", "list"));
    expect(list).toContain("Churn model (`churn-model`)");
    expect(list).toContain("sponsor ana");
    const show = replyText(await pulse.run("zed", "initiative", "show churn"));
    expect(show).toContain("Stage: Proof of concept (0 days)");
    expect(show).toContain("Lead: bo");
    expect(show).toMatch(/started in poc · by pmo/);
  });

  it("finds an initiative by slug or by an unambiguous part of its name", async () => {
    await pulse.run("pmo", "initiative", "add Churn forecast --sponsor <@ana|ana> --lead <@bo|bo>");
    expect(replyText(await pulse.run("zed", "initiative", "show churn-model"))).toContain("Lead: bo");
    expect(replyText(await pulse.run("zed", "initiative", "show forecast"))).toContain("Churn forecast");
    const ambiguous = replyText(await pulse.run("zed", "initiative", "show churn"));
    expect(ambiguous).toContain('"churn" matches 2 initiatives');
    expect(ambiguous).toContain("Churn forecast (`churn-forecast`)");
  });

  it("defaults the lead to whoever adds it and keeps slugs unique", async () => {
    const reply = replyText(await pulse.run("pmo", "initiative", "add Churn-Model! --sponsor <@ana|ana>"));
    expect(reply).toContain("(`churn-model-2`)");
    expect(reply).toContain("lead pmo");
  });

  it("sets details, pauses, resumes and closes with a reason", async () => {
    await pulse.run("bo", "initiative", "set churn metric Churn down 3% in 2 quarters");
    await pulse.run("bo", "initiative", "set churn readiness CRM data profiled, 2 gaps");
    expect(replyText(await pulse.run("bo", "initiative", "pause churn budget freeze"))).toContain(
      "paused: budget freeze",
    );
    expect(replyText(await pulse.run("bo", "initiative", "resume churn"))).toContain("resumed");
    expect(replyText(await pulse.run("bo", "initiative", "close churn"))).toContain("Say why it closes");
    expect(replyText(await pulse.run("bo", "initiative", "close churn delivered"))).toContain(
      "closed: delivered",
    );
    const show = replyText(await pulse.run("zed", "initiative", "show churn"));
    expect(show).toContain("Success metric: Churn down 3% in 2 quarters");
    expect(show).toContain("Status: closed — delivered");
  });
});

describe("/stage", () => {
  it("moves a stage with a note, visibly in the channel, and records the history", async () => {
    const replies = await pulse.run("bo", "stage", "churn architecture Pilot approved by the board");
    expect(replies[0]?.audience).toBe("channel");
    expect(replyText(replies)).toContain(
      "bo moved Churn model to Models, frameworks & architecture: Pilot approved by the board",
    );
    const history = replyText(await pulse.run("zed", "stage", "churn"));
    expect(history).toContain("poc → architecture · by bo · “Pilot approved by the board”");
  });

  it("takes a multi-word initiative name before the stage", async () => {
    expect(replyText(await pulse.run("bo", "stage", "churn model arch"))).toContain(
      "moved Churn model to Models",
    );
  });

  it("refuses a move that misses a gate, listing what is missing, unless forced with a reason", async () => {
    await pulse.run("pmo", "initiative", "add Fraud scoring --sponsor <@ana|ana> --lead <@bo|bo>");
    const refused = replyText(await pulse.run("bo", "stage", "fraud poc"));
    expect(refused).toContain("cannot move to POC yet. Missing:");
    expect(refused).toContain("a success metric");
    expect(refused).toContain("--force <reason>");
    const forced = await pulse.run("bo", "stage", "fraud poc --force board asked for a quick pilot");
    expect(forced[0]?.message.context).toMatch(/Gate forced: board asked for a quick pilot/);
    expect(replyText(await pulse.run("bo", "stage", "fraud"))).toContain(
      "gate forced: board asked for a quick pilot",
    );
  });

  it("allows moving backwards and records it", async () => {
    expect(replyText(await pulse.run("ana", "stage", "churn strategy rethink"))).toContain(
      "moved Churn model back to Strategy",
    );
  });
});

describe("bad input gets a clear answer and changes nothing", () => {
  const cases: [string, string, string, RegExp][] = [
    ["pmo", "initiative", "frobnicate", /Unknown sub-command "frobnicate"/],
    ["pmo", "initiative", "", /What should I do\?/],
    ["bo", "stage", "churn nonsense", /"nonsense" is not a stage/],
    ["bo", "stage", "nothing-like-it poc", /There is no initiative "nothing-like-it". These exist:/],
    ["bo", "stage", "churn poc", /already in Proof of concept/],
    ["zed", "stage", "churn scaling", /Only Churn model's lead, its sponsor or a PMO admin/],
    ["zed", "initiative", "add Other --sponsor <@ana|ana>", /Only a PMO admin can add initiatives/],
    ["pmo", "initiative", `add ${"x".repeat(81)} --sponsor <@ana|ana>`, /keep it to 80 or fewer/],
    ["pmo", "initiative", "add --sponsor <@ana|ana>", /needs a name/],
    [
      "pmo",
      "initiative",
      "add churn model --sponsor <@ana|ana>",
      /already an initiative called "churn model"/,
    ],
    ["pmo", "initiative", "add New one --sponsor ana", /must be a person mention/],
    ["pmo", "initiative", "add New one --sponsor <@ana|ana> --cadence hourly", /not a cadence/],
    ["pmo", "initiative", "add New one --sponsor <@ana|ana> --colour red", /Unknown option --colour/],
    ["pmo", "initiative", "add New one --stage poc --stage arch", /given twice/],
    ["pmo", "initiative", "set churn cadence every now and then", /not a cadence/],
    ["zed", "initiative", "pause churn", /Only Churn model's lead or a PMO admin/],
    ["zed", "pulse", "admin add <@zed|zed>", /Only a PMO admin can add PMO admins/],
    ["pmo", "pulse", "admin remove <@pmo|pmo>", /the only PMO admin/],
    ["pmo", "pulse", "frobnicate", /Unknown sub-command/],
    ["pmo", "pulse", "channel pmo", /is not a channel/],
  ];

  it.each(cases)("%s: /%s %s", async (user, command, text, expected) => {
    const before = dumpDatabase(pulse);
    const replies = await pulse.run(user, command as never, text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.audience).toBe("ephemeral");
    expect(replyText(replies)).toMatch(expected);
    const after = dumpDatabase(pulse);
    // The speaker may be seen for the first time (a person row); nothing else may change.
    expect({ ...after, people: undefined }).toEqual({ ...before, people: undefined });
  });
});

describe("audit log", () => {
  it("records every change with who and from where", async () => {
    await pulse.run("bo", "stage", "churn arch");
    const log = await pulse.deps.store.auditLog("local");
    expect(log.map((e) => [e.action, e.actor, e.platform])).toEqual([
      ["admin.add", "PMO_ADMINS", "shell"],
      ["initiative.add", "pmo", "shell"],
      ["stage.move", "bo", "shell"],
    ]);
  });
});
