import { afterEach, describe, expect, it } from "vitest";
import { deliverPending } from "../../../src/delivery/deliver.js";
import type { OutboxMessage } from "../../../src/ports/checkin-store.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { createRecordingPlatform } from "../../support/recording-platform.js";

const now = new Date("2026-01-05T08:00:00Z");

const messages = (targets: string[]): OutboxMessage[] =>
  targets.map((id, n) => ({
    workspaceId: "local",
    platform: "shell",
    target: { kind: "user", id },
    dedupeKey: `pipeline:${n}`,
    purpose: "checkin",
    message: { summary: `hello ${id}`, sections: [] },
  }));

/** A platform whose sends to SLOW wait until released (a 429's Retry-After, a slow network). */
function platformWithSlowTarget() {
  const recorder = createRecordingPlatform("shell");
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const send = recorder.send.bind(recorder);
  recorder.send = async (workspaceId, target, message, options) => {
    if (target.id === "SLOW") await released;
    return send(workspaceId, target, message, options);
  };
  return { recorder, release };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe("outbox delivery", () => {
  let pulse: TestPulse;
  afterEach(async () => {
    await pulse.close();
  });

  it("keeps sending while one message is held: no worker waits for the slowest of a batch", async () => {
    const { recorder, release } = platformWithSlowTarget();
    pulse = await createTestPulse({ platforms: [recorder] });
    await pulse.deps.store.ensureWorkspace("local", "shell", now);
    const others = Array.from({ length: 99 }, (_, n) => `U${n}`);
    await pulse.deps.checkins.enqueue(messages(["SLOW", ...others]), now);
    const delivering = deliverPending(pulse.deps, now, { concurrency: 4 });
    // 99 messages are far more than one claim (12 rows at concurrency 4): all go while SLOW waits.
    await until(() => recorder.sent.length === 99);
    expect(recorder.sent.length).toBe(99);
    expect(recorder.to("SLOW")).toEqual([]);
    release();
    const report = await delivering;
    expect(report).toEqual({ sent: 100, retried: 0, failed: 0 });
    expect(new Set(recorder.sent.map((s) => s.dedupeKey)).size).toBe(100);
  });

  it("a claim that fails stops delivery with its error, after sending what was already claimed", async () => {
    const recorder = createRecordingPlatform("shell");
    pulse = await createTestPulse({ platforms: [recorder] });
    await pulse.deps.store.ensureWorkspace("local", "shell", now);
    await pulse.deps.checkins.enqueue(messages(Array.from({ length: 40 }, (_, n) => `U${n}`)), now);
    const claim = pulse.deps.checkins.claim.bind(pulse.deps.checkins);
    let calls = 0;
    pulse.deps.checkins.claim = async (at, limit) => {
      if (++calls === 2) throw new Error("database is locked");
      return claim(at, limit);
    };
    await expect(deliverPending(pulse.deps, now, { concurrency: 2 })).rejects.toThrow("database is locked");
    // The first claim (6 rows) was sent in full; nothing claimed was left in doubt.
    expect(recorder.sent.length).toBe(6);
    expect((await pulse.deps.checkins.interrupted()).length).toBe(0);
    // The next run picks up the rest.
    pulse.deps.checkins.claim = claim;
    expect((await deliverPending(pulse.deps, now)).sent).toBe(34);
    expect(recorder.sent.length).toBe(40);
  });
});
