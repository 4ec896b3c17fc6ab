import { ManualClock } from "../../../src/core/clock.js";
import type { Message } from "../../../src/core/message.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { createRecordingPlatform } from "../../support/recording-platform.js";

export type Recorder = ReturnType<typeof createRecordingPlatform>;

export interface World {
  pulse: TestPulse;
  clock: ManualClock;
  platform: Recorder;
}

/** A shell workspace with a PMO channel, a sponsor Ana (London) and a lead Bo; `pmo` is a PMO admin. */
export async function world(start = "2026-03-02T07:00:00Z", tz = "Europe/London"): Promise<World> {
  const clock = new ManualClock(start);
  const platform: Recorder = createRecordingPlatform("shell", clock);
  const pulse = await createTestPulse({ clock, platforms: [platform] });
  const at = clock.now();
  await pulse.deps.store.ensureWorkspace("local", "shell", at);
  for (const [id, name] of [
    ["ana", "Ana"],
    ["bo", "Bo"],
    ["cy", "Cy"],
    ["zed", "Zed"],
  ] as const)
    await pulse.deps.store.upsertPerson("local", id, { displayName: name, tz }, at);
  await pulse.run("pmo", "pulse", "channel <#pmo|pmo>");
  return { pulse, clock, platform };
}

export function buttonValue(msg: Message, label: string): string {
  for (const s of msg.sections)
    for (const c of s.controls ?? []) if (c.kind === "button" && c.label === label) return c.value;
  throw new Error(`no ${label} button`);
}

export function click(pulse: TestPulse, user: string, actionId: string, value: string, extra = {}) {
  return pulse.core.handle({
    kind: "action",
    actor: { platform: "shell", workspaceId: "local", userId: user },
    actionId,
    value,
    messageRef: "m",
    ...extra,
  });
}

export const checkinsTo = (p: Recorder, id: string) =>
  p.to(id).filter((m) => m.dedupeKey.startsWith("checkin:") && !m.dedupeKey.includes(":delegate:"));
export const remindersTo = (p: Recorder, id: string) =>
  p.to(id).filter((m) => m.dedupeKey.startsWith("reminder:"));
export const escalations = (p: Recorder) => p.sent.filter((m) => m.dedupeKey.startsWith("escalation:"));
export const minute = (d: Date) => d.toISOString().slice(0, 16);
