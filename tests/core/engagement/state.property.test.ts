import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveEngagement } from "../../../src/engagement/state.js";
import { type Answer, input, type Script, walk } from "./history.js";

const FIRST = "2026-01-05T09:00:00Z";

const week: fc.Arbitrary<Answer | null> = fc.oneof(
  fc.constant(null),
  fc.record({ choice: fc.constant("active" as const), confidence: fc.integer({ min: 1, max: 5 }) }),
  fc.constant({ choice: "limited" as const, confidence: 3 }),
  fc.constant({ delegated: true, answeredBy: "Dana Chief", confidence: 4 }),
  fc.constant({ cancelled: true }),
  fc.record({ afterHours: fc.integer({ min: 1, max: 70 }), confidence: fc.integer({ min: 1, max: 5 }) }),
);

const scripts = fc.array(week, { minLength: 4, maxLength: 14 }).map(
  (weeks): Script =>
    (i) =>
      weeks[i] ?? null,
);

const derive = (script: Script, now: Date) => deriveEngagement(input(FIRST, now, script), now);

describe("episode start properties", () => {
  it("is null exactly when engaged, never in the future, and the same when derived at its own instant", () => {
    fc.assert(
      fc.property(scripts, (script) => {
        for (const now of walk("2026-01-05T00:00:00Z", "2026-05-01T00:00:00Z", 12)) {
          const e = derive(script, now);
          expect(e.episodeStart === null).toBe(e.state === "engaged");
          expect(e.reasons.length === 0).toBe(e.state === "engaged");
          if (!e.episodeStart) continue;
          expect(e.episodeStart.getTime()).toBeLessThanOrEqual(now.getTime());
          // Replaying history at the start of the run finds the same run; a moment before, none.
          expect(derive(script, e.episodeStart).episodeStart).toEqual(e.episodeStart);
          expect(derive(script, new Date(e.episodeStart.getTime() - 1)).state).toBe("engaged");
        }
      }),
      { numRuns: 40 },
    );
  });

  it("does not move while the run continues", () => {
    fc.assert(
      fc.property(scripts, (script) => {
        let previous: { start: number; at: number } | null = null;
        for (const now of walk("2026-01-05T00:00:00Z", "2026-05-01T00:00:00Z", 6)) {
          const e = derive(script, now);
          const start = e.episodeStart?.getTime() ?? null;
          // A different start is only allowed if the run was broken after the previous sample.
          if (previous && start !== null && start !== previous.start)
            expect(start).toBeGreaterThan(previous.at);
          previous = start === null ? null : { start, at: now.getTime() };
        }
      }),
      { numRuns: 40 },
    );
  });
});
