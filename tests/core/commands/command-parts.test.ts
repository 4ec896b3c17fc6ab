import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor, CommandInbound } from "../../../src/core/inbound.js";
import { createTestPulse, replyText, type TestPulse } from "../../support/pulse-fixture.js";

let pulse: TestPulse;
const pmo: Actor = { platform: "shell", workspaceId: "local", userId: "pmo", displayName: "pmo" };

beforeEach(async () => {
  pulse = await createTestPulse();
});

afterEach(async () => {
  await pulse.close();
});

function form(command: CommandInbound["command"], words: string[], flags: Record<string, string> = {}) {
  const text = [...words, ...Object.entries(flags).map(([k, v]) => `--${k} ${v}`)].join(" ");
  return pulse.core.handle({ kind: "command", actor: pmo, command, text, parts: { words, flags } });
}

describe("a command in its parts (a submitted form)", () => {
  it("keeps a field whole: quotes and a `--stage` in a name are part of the name", async () => {
    const reply = await form("initiative", ["add", 'Churn "v2" --stage scaling'], { sponsor: "<@ana|ana>" });
    expect(replyText(reply)).toContain('Churn "v2" --stage scaling');
    expect(pulse.db.$client.prepare("select name, stage from initiatives").all()).toEqual([
      { name: 'Churn "v2" --stage scaling', stage: "strategy" },
    ]);
  });

  it("a `--force` written in a stage note does not force the gate", async () => {
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana>");
    const refused = replyText(await form("stage", ["churn", "poc", "ready --force no time"]));
    expect(refused).toContain("a success metric");
    expect(pulse.db.$client.prepare("select stage from initiatives").all()).toEqual([{ stage: "strategy" }]);
    // Typed, the same words are a flag: that is what the form must not turn them into.
    await pulse.run("pmo", "stage", "churn poc ready --force no time");
    expect(pulse.db.$client.prepare("select stage from initiatives").all()).toEqual([{ stage: "poc" }]);
  });

  it("is held to the same length limit as typed text", async () => {
    const reply = replyText(await form("initiative", ["add", "x".repeat(4_100)]));
    expect(reply).toMatch(/characters long; keep it under 4000/);
    expect(pulse.db.$client.prepare("select count(*) as n from initiatives").get()).toEqual({ n: 0 });
  });
});
