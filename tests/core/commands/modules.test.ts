import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCore } from "../../../src/app/create-core.js";
import { featureModules } from "../../../src/app/features.js";
import type { FeatureModule } from "../../../src/commands/module.js";
import { ok } from "../../../src/commands/replies.js";
import type { Actor } from "../../../src/core/inbound.js";
import { createTestPulse, replyText, type TestPulse } from "../../support/pulse-fixture.js";

let pulse: TestPulse;
const pmo: Actor = { platform: "shell", workspaceId: "local", userId: "pmo" };

beforeEach(async () => {
  pulse = await createTestPulse();
});

afterEach(async () => {
  await pulse.close();
});

const hello: FeatureModule = {
  name: "hello",
  pulse: { hello: async (_ctx, args) => [ok(`hello ${args.words.join(" ")}`)] },
  actions: { "hello.wave": async () => [ok("waved")] },
  help: [{ heading: "Greetings", usage: "pulse", lines: ["`/pulse hello <name>` — says hello"] }],
};

describe("feature modules", () => {
  it("/pulse help lists every line each registered module declares, under its heading, in a fixed order", async () => {
    const reply = await pulse.run("zed", "pulse", "help");
    const text = replyText(reply);
    for (const module of featureModules(pulse.digests))
      for (const section of module.help ?? []) {
        expect(text).toContain(section.heading);
        for (const line of section.lines) expect(text).toContain(line);
      }
    expect(reply[0]?.message.sections.map((s) => s.heading)).toEqual([
      "Initiatives",
      "Stages",
      "Stages and their aliases",
      "Check-ins",
      "Away, delegates and holidays",
      "Decisions waiting on sponsors",
      "PMO",
    ]);
  });

  it("a module's verb, action and help need no change outside the module", async () => {
    const core = createCore(pulse.deps, [...featureModules(pulse.digests), hello]);
    const greet = await core.handle({ kind: "command", actor: pmo, command: "pulse", text: "hello ana" });
    expect(replyText(greet)).toContain("hello ana");
    const wave = await core.handle({ kind: "action", actor: pmo, actionId: "hello.wave", value: "" });
    expect(replyText(wave)).toContain("waved");
    const help = replyText(await core.handle({ kind: "command", actor: pmo, command: "pulse", text: "" }));
    expect(help).toContain("Greetings");
    expect(help).toContain("`/pulse hello <name>` — says hello");
    // Its usage lines join the other modules' in the answer to an unknown verb.
    const wrong = replyText(
      await core.handle({ kind: "command", actor: pmo, command: "pulse", text: "hullo" }),
    );
    expect(wrong).toContain('Unknown sub-command "hullo"');
    expect(wrong).toContain("/pulse hello <name>");
    expect(wrong).toContain("/pulse digest");
    expect(wrong).toContain("/pulse ack <initiative>");
  });

  it("two modules claiming one verb, command or action are refused when the core is built", () => {
    const modules = featureModules(pulse.digests);
    expect(() =>
      createCore(pulse.deps, [
        ...modules,
        { name: "again", pulse: { away: hello.pulse?.hello } },
      ] as FeatureModule[]),
    ).toThrow('/pulse verb "away" is registered by both sponsors and again.');
    expect(() =>
      createCore(pulse.deps, [
        ...modules,
        { name: "mine", commands: { ask: hello.pulse?.hello } },
      ] as FeatureModule[]),
    ).toThrow('command "ask" is registered by both asks and mine.');
    expect(() => createCore(pulse.deps, [...modules, hello, { ...hello, name: "twice", pulse: {} }])).toThrow(
      'action "hello.wave" is registered by both hello and twice.',
    );
  });

  it("a command no module registers is answered, not dropped", async () => {
    const core = createCore(pulse.deps, []);
    const reply = replyText(await core.handle({ kind: "command", actor: pmo, command: "ask", text: "list" }));
    expect(reply).toContain("/ask is not enabled in this installation.");
  });
});
