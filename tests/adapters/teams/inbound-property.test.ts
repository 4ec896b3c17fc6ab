import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actionFromCardData,
  actionFromInvoke,
  actionFromSubmit,
  canonicalText,
  commandFromMessage,
  TeamsActivitySchema,
} from "../../../adapters/teams/inbound.js";
import { COMMANDS } from "../../../src/core/inbound.js";
import { RecordingCore, startHarness } from "./harness.js";

const actor = { platform: "teams" as const, workspaceId: "t", userId: "u" };
const mentionArb = fc.record({
  type: fc.constantFrom("mention", "clientInfo", "other"),
  text: fc.option(fc.string(), { nil: undefined }),
  mentioned: fc.option(
    fc.record({
      id: fc.oneof(
        fc.constant("28:bot"),
        fc.string(),
        fc.string().map((s) => `19:${s}`),
      ),
      name: fc.option(fc.string(), { nil: undefined }),
      aadObjectId: fc.option(fc.string(), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});
const activityArb = fc.record({
  type: fc.constant("message"),
  text: fc.oneof(
    fc.string(),
    fc.string().map((s) => `<at>Bot</at> ${s}`),
  ),
  recipient: fc.constant({ id: "28:bot" }),
  conversation: fc.record({
    id: fc.string(),
    conversationType: fc.constantFrom("personal", "channel", "groupChat"),
  }),
  entities: fc.array(mentionArb, { maxLength: 4 }),
});

describe("Teams inbound parsing never throws", () => {
  it("on any message text and entities; the command is always a known word", async () => {
    await fc.assert(
      fc.asyncProperty(activityArb, async (raw) => {
        const activity = TeamsActivitySchema.parse(raw);
        const text = await canonicalText(activity, async () => undefined);
        expect(text).not.toMatch(/<at>/);
        const command = await commandFromMessage(activity, actor, async () => undefined);
        expect(COMMANDS).toContain(command.command);
      }),
      { numRuns: 300 },
    );
  });

  it("on any card payload", () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (verb, data) => {
        const action = actionFromCardData(verb, data, actor, undefined);
        if (action) {
          expect(action.actionId).toBe(verb);
          expect(typeof action.value).toBe("string");
        }
        const activity = TeamsActivitySchema.parse({
          type: "invoke",
          conversation: { id: "c" },
          value: data,
        });
        actionFromInvoke(activity, actor);
        actionFromSubmit(activity, actor);
      }),
      { numRuns: 300 },
    );
  });

  it("over HTTP: arbitrary JSON bodies get an answer below 500 and never reach the core unparsed", async () => {
    const core = new RecordingCore();
    const h = await startHarness({ core });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            fc.record({
              type: fc.constantFrom("message", "invoke", "conversationUpdate", "bogus"),
              text: fc.string(),
            }),
          ),
          async (body) => {
            const res = await h.post(body);
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 60 },
      );
      // Nothing without a tenant and a conversation is a command.
      expect(core.inbound).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
