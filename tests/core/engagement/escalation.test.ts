import { describe, expect, it } from "vitest";
import type { Button } from "../../../src/core/message.js";
import {
  escalationMessage,
  escalationStep,
  shouldEscalate,
  suggestedAction,
} from "../../../src/engagement/escalation.js";
import { engagementLine, STATE_BADGE, STATE_LABEL, stateBadge } from "../../../src/engagement/labels.js";
import { deriveEngagement } from "../../../src/engagement/state.js";
import { input, type Script, walk } from "./history.js";

const FIRST = "2026-09-07T09:00:00Z";

/** Plays the ladder the way the tick job will: one row per (episode, level), snoozes respected. */
function playLadder(script: Script, from: string, to: string, snoozedUntil: Date | null = null) {
  const sent = new Map<number, string[]>();
  const log: string[] = [];
  for (const now of walk(from, to)) {
    const e = deriveEngagement(input(FIRST, now, script), now);
    const step = escalationStep(e.state);
    if (!step || !e.episodeStart) continue;
    const key = e.episodeStart.getTime();
    const already = sent.get(key) ?? [];
    if (shouldEscalate({ level: step.level, alreadySentLevels: already, snoozedUntil, now })) {
      sent.set(key, [...already, step.level]);
      log.push(`${now.toISOString().slice(0, 10)} ${step.level} → ${step.audiences.join("+")}`);
    }
  }
  return log;
}

describe("the escalation ladder over a sponsor's silence", () => {
  it("sends exactly one escalation per step of the episode", () => {
    const stops: Script = (i) => (i <= 4 ? {} : null);
    expect(playLadder(stops, "2026-10-05T12:00:00Z", "2027-01-31T00:00:00Z")).toEqual([
      "2026-10-15 cooling → sponsor",
      "2026-10-22 lapsing → lead+pmo",
      "2026-11-16 lapsed → pmo",
    ]);
  });

  it("starts again after the sponsor answers and then goes quiet once more", () => {
    const returns: Script = (i) => (i <= 4 || i === 11 ? {} : null);
    expect(playLadder(returns, "2026-10-05T12:00:00Z", "2026-12-10T00:00:00Z")).toEqual([
      "2026-10-15 cooling → sponsor",
      "2026-10-22 lapsing → lead+pmo",
      "2026-11-16 lapsed → pmo",
      "2026-12-03 cooling → sponsor",
    ]);
  });

  it("stays quiet while snoozed, then sends the step still due", () => {
    const stops: Script = (i) => (i <= 4 ? {} : null);
    const log = playLadder(
      stops,
      "2026-10-05T12:00:00Z",
      "2026-11-01T00:00:00Z",
      new Date("2026-10-20T00:00:00Z"),
    );
    expect(log).toEqual(["2026-10-20 cooling → sponsor", "2026-10-22 lapsing → lead+pmo"]);
  });
});

describe("shouldEscalate", () => {
  const now = new Date("2026-11-01T00:00:00Z");
  it("sends a step once, never a lower step after a higher one, and nothing while snoozed", () => {
    expect(shouldEscalate({ level: "cooling", alreadySentLevels: [], snoozedUntil: null, now })).toBe(true);
    expect(
      shouldEscalate({ level: "cooling", alreadySentLevels: ["cooling"], snoozedUntil: null, now }),
    ).toBe(false);
    expect(
      shouldEscalate({ level: "lapsing", alreadySentLevels: ["cooling"], snoozedUntil: null, now }),
    ).toBe(true);
    expect(shouldEscalate({ level: "cooling", alreadySentLevels: ["lapsed"], snoozedUntil: null, now })).toBe(
      false,
    );
    expect(
      shouldEscalate({ level: "unsponsored", alreadySentLevels: ["lapsed"], snoozedUntil: null, now }),
    ).toBe(false);
    expect(
      shouldEscalate({
        level: "lapsed",
        alreadySentLevels: [],
        snoozedUntil: new Date("2026-11-02T00:00:00Z"),
        now,
      }),
    ).toBe(false);
    expect(
      shouldEscalate({
        level: "lapsed",
        alreadySentLevels: [],
        snoozedUntil: new Date("2026-10-31T00:00:00Z"),
        now,
      }),
    ).toBe(true);
  });
});

describe("escalationStep and suggestedAction", () => {
  it("maps states to the ladder of DESIGN.md", () => {
    expect(escalationStep("engaged")).toBeNull();
    expect(escalationStep("cooling")).toEqual({
      level: "cooling",
      audiences: ["sponsor"],
      kind: "sponsor_reminder",
    });
    expect(escalationStep("lapsing")?.audiences).toEqual(["lead", "pmo"]);
    expect(escalationStep("lapsed")?.audiences).toEqual(["pmo"]);
    expect(escalationStep("unsponsored")).toEqual({
      level: "unsponsored",
      audiences: ["pmo"],
      kind: "pmo_escalation",
    });
  });

  it("suggests an action that fits the cause", () => {
    expect(suggestedAction({ state: "lapsed", signals: ["handover"] })).toMatch(/new sponsor/);
    expect(suggestedAction({ state: "lapsed", signals: ["silence_lapsed"] })).toMatch(/Re-brief/);
    expect(suggestedAction({ state: "unsponsored", signals: ["no_sponsor"] })).toMatch(/sponsor.*pause/);
    expect(suggestedAction({ state: "cooling", signals: ["limited_time"] })).toMatch(/lighter cadence/);
    expect(suggestedAction({ state: "cooling", signals: ["delegated_streak"] })).toMatch(/personal answer/);
    expect(suggestedAction({ state: "engaged", signals: [] })).toBe("No action needed.");
  });
});

describe("escalationMessage", () => {
  const initiative = {
    name: "Claims triage copilot",
    slug: "claims-triage",
    stage: "poc" as const,
    daysInStage: 97,
  };
  const engagement = {
    state: "lapsing" as const,
    reasons: ["missed the check-ins of 2026-10-12 and 2026-10-19"],
    signals: ["missed_run" as const],
  };

  it("carries the reasons, the context, the next step and ack/snooze buttons for the PMO", () => {
    const m = escalationMessage({
      initiative,
      sponsorName: "Sam Sponsor",
      leadNames: ["Lee Lead"],
      engagement,
      level: "lapsing",
    });
    expect(m.summary).toBe("Sponsorship of Claims triage copilot is lapsing");
    expect(m.tone).toBe("warning");
    const text = JSON.stringify(m);
    expect(text).toContain("Proof of concept (97 days)");
    expect(text).toContain("Sam Sponsor");
    expect(text).toContain("Lee Lead");
    expect(text).toContain("missed the check-ins of 2026-10-12 and 2026-10-19");
    expect(text).toContain("re-brief");
    const buttons = m.sections.flatMap((s) => s.controls ?? []) as Button[];
    expect(buttons.map((b) => [b.actionId, b.value])).toEqual([
      ["escalation.ack", "claims-triage"],
      ["escalation.snooze", "claims-triage:7"],
    ]);
  });

  it("the sponsor's gentle reminder has no PMO buttons", () => {
    const m = escalationMessage({
      initiative,
      sponsorName: "Sam Sponsor",
      leadNames: [],
      engagement: { state: "cooling", reasons: ["missed the check-in of 2026-10-12"], signals: ["missed"] },
      level: "cooling",
    });
    expect(m.sections.flatMap((s) => s.controls ?? [])).toEqual([]);
    expect(m.tone).toBe("info");
  });

  it("names the missing sponsor for an unsponsored initiative", () => {
    const m = escalationMessage({
      initiative,
      leadNames: ["Lee Lead"],
      engagement: {
        state: "unsponsored",
        reasons: ["no sponsor assigned since 2026-10-01"],
        signals: ["no_sponsor"],
      },
      level: "unsponsored",
    });
    expect(m.summary).toBe("Claims triage copilot has no sponsor: PMO action needed");
    expect(JSON.stringify(m.sections[0])).toContain('"value":"none"');
    expect(m.tone).toBe("danger");
  });
});

describe("labels", () => {
  it("has an emoji-free label and badge for every state", () => {
    for (const state of ["engaged", "cooling", "lapsing", "lapsed", "unsponsored"] as const) {
      expect(STATE_LABEL[state]).toMatch(/^[A-Z][a-z]+$/);
      expect(stateBadge(state)).toBe(STATE_BADGE[state]);
      expect(stateBadge(state)).toMatch(/^\[[A-Za-z ]+\]$/);
    }
    expect(engagementLine({ state: "cooling", reasons: ["a", "b"] })).toBe("Cooling: a; b");
    expect(engagementLine({ state: "engaged", reasons: [] })).toBe("Engaged");
  });
});
