import { describe, expect, it } from "vitest";
import { DAY } from "../../../src/core/clock.js";
import { deriveEngagement, type Engagement } from "../../../src/engagement/state.js";
import { parseEngagementSettings } from "../../../src/engagement/thresholds.js";
import { type Answer, input, type Script, walk } from "./history.js";

const FIRST = "2026-09-07T09:00:00Z"; // a Monday; weekly check-ins every Monday 09:00 UTC
const answersAlways: Script = () => ({ choice: "active", confidence: 4 });
/** Answers the first five check-ins (to 2026-10-05), then goes silent. */
const stopsAfterOctober5: Script = (i) => (i <= 4 ? { confidence: 4 } : null);

function at(iso: string, script: Script, extra = {}): Engagement {
  const now = new Date(iso);
  return deriveEngagement(input(FIRST, now, script, extra), now);
}

/** States in order of appearance while walking the span (consecutive repeats collapsed). */
function transitions(script: Script, from: string, to: string, extra = {}): string[] {
  const seen: string[] = [];
  for (const now of walk(from, to)) {
    const { state } = deriveEngagement(input(FIRST, now, script, extra), now);
    if (seen[seen.length - 1] !== state) seen.push(state);
  }
  return seen;
}

describe("deriveEngagement: the ordinary weeks", () => {
  it("a sponsor who answers every week stays engaged for months, open check-ins included", () => {
    expect(transitions(answersAlways, "2026-09-07T00:00:00Z", "2027-03-01T00:00:00Z")).toEqual(["engaged"]);
    expect(at("2027-03-01T00:00:00Z", answersAlways)).toEqual({
      state: "engaged",
      reasons: [],
      episodeStart: null,
      signals: [],
    });
  });

  it("a new sponsor with no check-in yet is engaged", () => {
    expect(at("2026-09-05T00:00:00Z", answersAlways).state).toBe("engaged");
  });
});

describe("deriveEngagement: a sponsor who stops answering", () => {
  it("walks cooling → lapsing → lapsed", () => {
    expect(transitions(stopsAfterOctober5, "2026-10-05T12:00:00Z", "2026-12-01T00:00:00Z")).toEqual([
      "engaged",
      "cooling",
      "lapsing",
      "lapsed",
    ]);
  });

  it("explains each step with dates", () => {
    const cooling = at("2026-10-15T12:00:00Z", stopsAfterOctober5);
    expect(cooling.state).toBe("cooling");
    expect(cooling.reasons).toEqual(["missed the check-in of 2026-10-12"]);

    const lapsing = at("2026-10-22T12:00:00Z", stopsAfterOctober5);
    expect(lapsing.state).toBe("lapsing");
    expect(lapsing.reasons).toContain("missed the check-ins of 2026-10-12 and 2026-10-19");
    expect(lapsing.reasons).toContain("no answer since 2026-10-05 (2 weeks)");

    const lapsed = at("2026-11-23T08:00:00Z", stopsAfterOctober5);
    expect(lapsed.state).toBe("lapsed");
    expect(lapsed.reasons[0]).toBe("no answer since 2026-10-05 (6 weeks)");
    expect(lapsed.reasons).toContain("missed the last 6 check-ins, from 2026-10-12 to 2026-11-16");
    expect(lapsed.signals).toEqual(["silence_lapsed", "missed_run"]);
  });

  it("keeps one episode start, the first miss, for the whole run", () => {
    const starts = new Set<number>();
    for (const now of walk("2026-10-15T10:00:00Z", "2026-12-01T00:00:00Z")) {
      const e = deriveEngagement(input(FIRST, now, stopsAfterOctober5), now);
      starts.add(e.episodeStart?.getTime() ?? 0);
    }
    // The 2026-10-12 check-in became missed when its window closed.
    expect([...starts].map((t) => new Date(t).toISOString())).toEqual(["2026-10-15T09:00:00.000Z"]);
  });

  it("an answer clears it, and the next silence is a new episode", () => {
    const returns: Script = (i) => (i <= 4 || i === 11 ? { confidence: 4 } : null); // answers 2026-11-23
    expect(at("2026-11-23T08:00:00Z", returns).state).toBe("lapsed");
    expect(at("2026-11-23T12:00:00Z", returns)).toMatchObject({ state: "engaged", episodeStart: null });
    const again = at("2026-12-03T12:00:00Z", returns);
    expect(again.state).toBe("cooling");
    expect(again.reasons).toEqual(["missed the check-in of 2026-11-30"]);
    expect(again.episodeStart).toEqual(new Date("2026-12-03T09:00:00Z"));
  });

  it("lapses after six weeks counted from sponsorship when the sponsor never answered", () => {
    const e = at("2026-10-20T00:00:00Z", () => null);
    expect(e.state).toBe("lapsed");
    expect(e.reasons[0]).toBe("no answer since becoming sponsor on 2026-09-04 (6 weeks)");
  });

  it("follows the workspace's thresholds", () => {
    const settings = parseEngagementSettings('{"lapsingMisses": 3, "lapsedAfterDays": 35}');
    const derive = (iso: string) => {
      const now = new Date(iso);
      return deriveEngagement(input(FIRST, now, stopsAfterOctober5), now, settings).state;
    };
    expect(derive("2026-10-22T12:00:00Z")).toBe("cooling"); // two misses are not three
    expect(derive("2026-10-29T12:00:00Z")).toBe("lapsing");
    expect(derive("2026-11-09T10:00:00Z")).toBe("lapsing");
    expect(derive("2026-11-09T12:00:00Z")).toBe("lapsed"); // 35 days after the 2026-10-05 answer
  });
});

describe("deriveEngagement: negative signals in an answer", () => {
  const answerWith =
    (n: number, last: Answer): Script =>
    (i) =>
      i < n ? { confidence: 4 } : i === n ? last : null;

  it("limited time cools, a later active answer clears", () => {
    const limited: Script = (i) => (i === 2 ? { choice: "limited", confidence: 4 } : { confidence: 4 });
    const e = at("2026-09-21T12:00:00Z", limited);
    expect(e).toMatchObject({ state: "cooling", reasons: ["said on 2026-09-21 they have limited time"] });
    expect(e.episodeStart).toEqual(new Date("2026-09-21T11:00:00Z"));
    expect(at("2026-09-28T12:00:00Z", limited).state).toBe("engaged");
  });

  it("a confidence drop of two points cools, of one point does not", () => {
    expect(at("2026-09-21T12:00:00Z", answerWith(2, { confidence: 2 }))).toMatchObject({
      state: "cooling",
      reasons: ["confidence fell from 4 to 2 on 2026-09-21"],
      signals: ["confidence_drop"],
    });
    expect(at("2026-09-21T12:00:00Z", answerWith(2, { confidence: 3 })).state).toBe("engaged");
  });

  it("three delegated answers in a row cool, naming the delegate and the last personal answer", () => {
    const delegate: Answer = { delegated: true, answeredBy: "Dana Chief", confidence: 4 };
    const script: Script = (i) => (i >= 2 && i <= 4 ? delegate : { confidence: 4 });
    expect(at("2026-09-28T12:00:00Z", script).state).toBe("engaged"); // two in a row
    expect(at("2026-10-05T12:00:00Z", script)).toMatchObject({
      state: "cooling",
      reasons: ["answered by Dana Chief 3 times running; last personal answer 2026-09-14"],
      signals: ["delegated_streak"],
    });
    expect(at("2026-10-12T12:00:00Z", script).state).toBe("engaged"); // the sponsor answers personally
  });

  it("a hand-over with no successor is lapsed at once", () => {
    const e = at("2026-09-21T12:00:00Z", answerWith(2, { choice: "handover" }));
    expect(e).toMatchObject({
      state: "lapsed",
      reasons: ["asked on 2026-09-21 to hand over sponsorship; no new sponsor since"],
      signals: ["handover"],
    });
    expect(e.episodeStart).toEqual(new Date("2026-09-21T11:00:00Z"));
  });

  it("a new sponsor's history starts afresh", () => {
    const now = new Date("2026-09-28T12:00:00Z");
    const e = deriveEngagement(
      input(FIRST, now, answerWith(2, { choice: "handover" }), {
        sponsorSince: new Date("2026-09-23T00:00:00Z"),
      }),
      now,
    );
    expect(e.state).toBe("engaged");
  });

  it("overdue asks cool the initiative", () => {
    const e = at("2026-09-21T12:00:00Z", answersAlways, {
      asksOverdue: { count: 2, oldestDays: 12, oldestDueAt: new Date("2026-09-09T12:00:00Z") },
    });
    expect(e).toMatchObject({ state: "cooling", reasons: ["2 asks overdue, oldest 12 days"] });
    expect(e.episodeStart).toEqual(new Date("2026-09-09T12:00:00Z"));
  });

  it("keeps the episode when a cooling run changes cause (a miss, then limited time)", () => {
    const script: Script = (i) => (i === 2 ? null : i === 3 ? { choice: "limited" } : { confidence: 4 });
    const first = at("2026-09-25T00:00:00Z", script);
    const second = at("2026-09-28T12:00:00Z", script);
    expect(first.reasons).toEqual(["missed the check-in of 2026-09-21"]);
    expect(second.reasons).toEqual(["said on 2026-09-28 they have limited time"]);
    expect(second.episodeStart).toEqual(first.episodeStart);
  });

  it("with no sponsor it is unsponsored since the sponsor left", () => {
    const now = new Date("2026-10-01T00:00:00Z");
    expect(
      deriveEngagement(
        { hasSponsor: false, sponsorSince: new Date("2026-09-20T10:00:00Z"), cadenceDays: 7, checkins: [] },
        now,
      ),
    ).toEqual({
      state: "unsponsored",
      reasons: ["no sponsor assigned since 2026-09-20"],
      episodeStart: new Date("2026-09-20T10:00:00Z"),
      signals: ["no_sponsor"],
    });
  });
});

describe("deriveEngagement: time away", () => {
  // Answers to 2026-10-05, away 2026-10-10 → 2026-10-25 (two check-ins cancelled), answers again after.
  const away = [{ from: new Date("2026-10-10T00:00:00Z"), until: new Date("2026-10-25T00:00:00Z") }];
  const script: Script = (i) => (i === 5 || i === 6 ? { cancelled: true } : { confidence: 4 });

  it("a two-week absence does not cool, and the first check-in after it is an ordinary one", () => {
    expect(transitions(script, "2026-10-05T12:00:00Z", "2026-11-10T00:00:00Z", { away })).toEqual([
      "engaged",
    ]);
  });

  it("misses during the absence and its silence do not count", () => {
    const silent: Script = (i) => (i <= 4 ? { confidence: 4 } : i <= 6 ? null : { confidence: 4 });
    expect(transitions(silent, "2026-10-05T12:00:00Z", "2026-11-10T00:00:00Z", { away })).toEqual([
      "engaged",
    ]);
  });

  it("a sponsor away until a date (start unknown) does not lapse while away", () => {
    const e = at("2026-11-20T00:00:00Z", stopsAfterOctober5, { awayUntil: new Date("2026-11-30T00:00:00Z") });
    expect(e.state).toBe("engaged");
    // …and without it the same silence has lapsed.
    expect(at("2026-11-20T00:00:00Z", stopsAfterOctober5).state).toBe("lapsed");
  });

  it("silence resumes counting on return, without the time away", () => {
    const back = [{ from: new Date("2026-10-10T00:00:00Z"), until: new Date("2026-11-01T00:00:00Z") }];
    const e = at("2026-11-20T00:00:00Z", stopsAfterOctober5, { away: back });
    expect(e.state).toBe("lapsing");
    expect(e.reasons).toContain("no answer since 2026-10-05 (3 weeks, not counting time away)");
    expect(e.reasons).toContain("missed the check-ins of 2026-11-02, 2026-11-09 and 2026-11-16");
  });
});

describe("deriveEngagement: dates in the sponsor's zone", () => {
  it("writes reason dates in the given zone", () => {
    const now = new Date("2026-10-16T00:00:00Z");
    const e = deriveEngagement(
      { ...input("2026-09-06T23:00:00Z", now, (i) => (i <= 4 ? {} : null)), tz: "Asia/Tokyo" },
      now,
    );
    expect(e.reasons).toEqual(["missed the check-in of 2026-10-12"]);
    expect(e.episodeStart?.getTime()).toBe(new Date("2026-10-11T23:00:00Z").getTime() + 3 * DAY);
  });
});

describe("deriveEngagement: a monthly sponsor", () => {
  // First Mondays: 2026-09-07, 2026-10-05, 2026-11-02, 2026-12-07; answered the first only.
  const dues = ["2026-09-07", "2026-10-05", "2026-11-02", "2026-12-07"].map(
    (d) => new Date(`${d}T09:00:00Z`),
  );
  function monthly(now: Date) {
    const checkins = dues
      .filter((d) => d <= now)
      .map((dueAt, i) =>
        i === 0
          ? { dueAt, status: "answered" as const, choice: "active" as const, answeredAt: dueAt }
          : {
              dueAt,
              status: now.getTime() >= dueAt.getTime() + 3 * DAY ? ("missed" as const) : ("open" as const),
            },
      );
    return deriveEngagement(
      { hasSponsor: true, sponsorSince: new Date("2026-09-01T00:00:00Z"), cadenceDays: 30, checkins },
      now,
    );
  }

  it("is only cooling after one miss, even past six weeks of silence", () => {
    expect(monthly(new Date("2026-10-25T00:00:00Z")).state).toBe("cooling");
  });

  it("walks the whole ladder on a monthly rhythm", () => {
    expect(monthly(new Date("2026-11-06T00:00:00Z")).state).toBe("lapsing");
    expect(monthly(new Date("2026-12-10T00:00:00Z")).state).toBe("lapsed");
  });
});
