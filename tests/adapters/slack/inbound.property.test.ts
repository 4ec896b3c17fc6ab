import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryKey } from "../../../adapters/slack/dedupe.js";
import {
  actionInbound,
  BlockActionsSchema,
  commandInbound,
  interactionActor,
  SlashCommandSchema,
  ViewSubmissionSchema,
  viewValues,
} from "../../../adapters/slack/inbound.js";
import { parseModalContext } from "../../../adapters/slack/modals.js";
import { renderMessage, toMrkdwn } from "../../../adapters/slack/render.js";
import type { Message } from "../../../src/core/message.js";
import { commandBody, interactionBody, postSigned } from "../../support/slack-api-stub.js";
import { type Harness, RecordingCore, SIGNING_SECRET, startHarness } from "./harness.js";

describe("inbound parsing never throws", () => {
  it("for arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        deliveryKey(value);
        const command = SlashCommandSchema.safeParse(value);
        if (command.success) commandInbound(command.data);
        const actions = BlockActionsSchema.safeParse(value);
        if (actions.success) {
          const actor = interactionActor(actions.data);
          if (actor) actionInbound(actions.data, actor);
        }
        const view = ViewSubmissionSchema.safeParse(value);
        if (view.success) viewValues(view.data.view);
        parseModalContext(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it("for arbitrary command text, which reaches the core with only the entities decoded", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const inbound = commandInbound({ command: "/stage", text, team_id: "T1", user_id: "U1" });
        expect(inbound?.text).toBe(
          text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim(),
        );
      }),
    );
  });
});

describe("rendering arbitrary text", () => {
  it("never lets a `<` through except in a canonical mention", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = toMrkdwn(text).replace(/<[@#][A-Z0-9]+(?:\|[^<>]*)?>/g, "");
        expect(out).not.toMatch(/[<>]/);
      }),
    );
  });

  it("keeps every message within Slack's block limits", () => {
    const section = fc.record({
      text: fc.option(fc.string({ maxLength: 5000 }), { nil: undefined }),
      lines: fc.option(fc.array(fc.string(), { maxLength: 5 }), { nil: undefined }),
      fields: fc.option(fc.array(fc.record({ label: fc.string(), value: fc.string() }), { maxLength: 25 }), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(fc.string(), fc.array(section, { maxLength: 40 }), (summary, sections) => {
        const { blocks, text } = renderMessage({ summary, sections } as Message);
        expect(blocks.length).toBeLessThanOrEqual(50);
        expect(text.length).toBeLessThanOrEqual(3900);
        for (const block of blocks) {
          const t = (block.text as { text?: string } | undefined)?.text ?? "";
          expect(t.length).toBeLessThanOrEqual(3000);
          expect(((block.fields as unknown[]) ?? []).length).toBeLessThanOrEqual(10);
        }
      }),
    );
  });
});

describe("arbitrary signed payloads over HTTP", () => {
  let h: Harness;
  let core: RecordingCore;
  beforeAll(async () => {
    core = new RecordingCore();
    h = await startHarness(core);
  });
  afterAll(async () => {
    await h.close();
  });

  it("are answered 200 or 400, never crash, and only well-formed ones reach the core", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => ({ body: interactionBody(v), form: true })),
          fc.dictionary(fc.string(), fc.string()).map((d) => ({ body: commandBody(d), form: true })),
          fc.jsonValue().map((v) => ({ body: JSON.stringify(v), form: false })),
          fc.string().map((s) => ({ body: s, form: false })),
        ),
        async ({ body, form }) => {
          const res = await postSigned(h.eventsUrl, SIGNING_SECRET, body, {
            contentType: form ? "application/x-www-form-urlencoded" : "application/json",
          });
          expect([200, 400]).toContain(res.status);
        },
      ),
      { numRuns: 150 },
    );
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    for (const inbound of core.inbounds) {
      expect(inbound.actor.platform).toBe("slack");
      expect(inbound.actor.workspaceId).not.toBe("");
    }
  });
});
