import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs, parseChannel, parseMention, splitWords } from "../../src/commands/tokenize.js";
import { ManualClock } from "../../src/core/clock.js";
import { type Actor, COMMANDS, type Inbound, type Reply } from "../../src/core/inbound.js";
import { recordResult } from "../support/fault-results.js";
import { createTestPulse, dumpDatabase, type TestPulse } from "../support/pulse-fixture.js";
import { createRecordingPlatform } from "../support/recording-platform.js";

describe("the command parser, for arbitrary text", () => {
  it("never throws, and every flag name is lower-case without dashes", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })),
        (text) => {
          const args = parseArgs(text);
          for (const name of args.flags.keys()) {
            expect(name).toBe(name.toLowerCase());
            expect(name.startsWith("-")).toBe(false);
          }
          for (const word of splitWords(text)) {
            parseMention(word);
            parseChannel(word);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

const WORDS = [
  "add",
  "list",
  "ls",
  "show",
  "set",
  "pause",
  "resume",
  "close",
  "admin",
  "admins",
  "channel",
  "help",
  "digest",
  "ack",
  "snooze",
  "away",
  "back",
  "delegate",
  "holidays",
  "country",
  "until",
  "none",
  "remove",
  "import",
  "cancel",
  "metric",
  "readiness",
  "cadence",
  "sponsor",
  "lead",
  "name",
  "churn",
  "churn-model",
  "Churn model",
  "forecast",
  "strategy",
  "poc",
  "pilot",
  "arch",
  "scaling",
  "5",
  "0",
  "-1",
  "99999999999999999999",
  "weekly",
  "monthly",
  "0 9 * * 1",
  "2026-02-30",
  "2026-03-09",
  "tomorrow",
  "<@ana|ana>",
  "<@bo>",
  "<@pmo>",
  "<@>",
  "<@ana",
  "<#pmo|pmo>",
  "<#>",
  "@ana",
  "#pmo",
  "--force",
  "--sponsor",
  "--lead",
  "--stage",
  "--cadence",
  "--channel",
  "--by",
  "—force",
  "--",
  '"',
  "'",
  "“quoted”",
  "\u0000",
  "\n",
  "%s",
  "{{x}}",
  "'; drop table initiatives; --",
  "<script>",
  "constructor",
  "toString",
  "__proto__",
  "hasOwnProperty",
  "x".repeat(300),
];

const text = fc
  .array(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string() }),
    {
      maxLength: 12,
    },
  )
  .map((words) => words.join(" "));

const actor = fc.record({
  platform: fc.constantFrom("shell", "slack", "teams") as fc.Arbitrary<Actor["platform"]>,
  workspaceId: fc.constantFrom("local", "local", "local", "other"),
  userId: fc.constantFrom("pmo", "ana", "bo", "stranger", "", " ", "<@pmo>", "U".repeat(200)),
});

/** An error reply: alone, only to the person, danger or warning, no title (what errorReply builds). */
function rejected(replies: Reply[]): boolean {
  const [only] = replies;
  return (
    replies.length === 1 &&
    only?.audience === "ephemeral" &&
    (only.message.tone === "danger" || only.message.tone === "warning") &&
    only.message.title === undefined
  );
}

describe("every inbound handler, for arbitrary commands and actions", () => {
  let pulse: TestPulse;
  let checkinIds: number[] = [];
  let handled = 0;
  let refused = 0;

  beforeAll(async () => {
    const clock = new ManualClock("2026-03-02T07:00:00Z");
    pulse = await createTestPulse({ clock, platforms: [createRecordingPlatform("shell", clock)] });
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run(
      "pmo",
      "initiative",
      "add Forecast --sponsor <@ana|ana> --lead <@bo|bo> --stage strategy",
    );
    await pulse.run("pmo", "pulse", "channel <#pmo|pmo>");
    clock.set("2026-03-02T10:00:00Z");
    await pulse.tick();
    checkinIds = (pulse.db.$client.prepare("select id from checkins").all() as { id: number }[]).map(
      (r) => r.id,
    );
  });
  afterAll(async () => {
    recordResult("property", { inputs: handled, refused, escaped: 0, refusedThatChanged: 0 });
    await pulse.close();
  });

  async function check(inbound: Inbound): Promise<void> {
    // Meeting a speaker (workspace, person, PMO_ADMINS seat) is bookkeeping, not an effect of the input.
    await pulse.core.handle({ kind: "command", actor: inbound.actor, command: "pulse", text: "help" });
    const before = dumpDatabase(pulse);
    const replies = await pulse.core.handle(inbound);
    handled++;
    expect(Array.isArray(replies)).toBe(true);
    for (const reply of replies) {
      expect(["ephemeral", "channel", "replace"]).toContain(reply.audience);
      expect(Array.isArray(reply.message.sections)).toBe(true);
    }
    if (rejected(replies)) {
      refused++;
      expect(dumpDatabase(pulse)).toEqual(before);
    }
  }

  it("names from Object.prototype are unknown commands and actions, not handlers", async () => {
    const pmo: Actor = { platform: "shell", workspaceId: "local", userId: "pmo" };
    for (const verb of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      await check({ kind: "command", actor: pmo, command: "pulse", text: verb });
      await check({ kind: "action", actor: pmo, actionId: verb, value: "1:active" });
    }
  });

  it("commands: no exception escapes, a refused command changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(actor, fc.constantFrom(...COMMANDS), text, async (who, command, words) => {
        await check({ kind: "command", actor: who, command, text: words });
      }),
      { numRuns: 400 },
    );
  });

  it("actions: no exception escapes, a refused action changes nothing", async () => {
    const id = fc.oneof(
      fc.constantFrom(...checkinIds.map(String)),
      fc.constantFrom("0", "-1", "1e3", "NaN", "", "9007199254740993"),
      fc.string(),
    );
    const value = fc.oneof(
      fc
        .tuple(id, fc.constantFrom("active", "limited", "handover", "1", "5", "6", "", "x"))
        .map(([a, b]) => `${a}:${b}`),
      id,
      fc.string(),
    );
    const actionId = fc.oneof(
      fc.constantFrom(
        "checkin.choice",
        "checkin.confidence",
        "checkin.note",
        "checkin.answer",
        "escalation.ack",
        "escalation.snooze",
        "ask.close",
        "toString",
        "constructor",
        "__proto__",
        "hasOwnProperty",
      ),
      fc.string(),
    );
    const inputs = fc.option(
      fc.dictionary(
        fc.constantFrom("checkin.choice", "checkin.confidence", "checkin.note", "note", "x"),
        fc.oneof(fc.string(), fc.constantFrom("active", "3", "9", " ", "x".repeat(2_500))),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        actor,
        actionId,
        value,
        inputs,
        fc.option(fc.string(), { nil: undefined }),
        async (who, act, v, inp, ref) => {
          await check({
            kind: "action",
            actor: who,
            actionId: act,
            value: v,
            ...(inp ? { inputs: inp } : {}),
            ...(ref !== undefined ? { messageRef: ref } : {}),
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
