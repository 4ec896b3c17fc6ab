import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../../src/core/clock.js";
import { dumpDatabase } from "../../support/pulse-fixture.js";
import { type World, world } from "./harness.js";

let w: World;
beforeAll(async () => {
  w = await world("2026-03-03T10:00:00Z");
  await w.pulse.run("ana", "pulse", "away");
});
afterAll(async () => {
  await w?.pulse.close();
});

const day = fc
  .integer({ min: -400, max: 800 })
  .map((n) => new Date(Date.parse("2026-03-03T00:00:00Z") + n * DAY).toISOString().slice(0, 10));
const junk = fc.constantFrom("", "tomorrow", "2026-13-01", "2026-02-30", "03/04/2026", "until", "@ana");
const word = fc.oneof(day, day, junk);

describe("/pulse away with any dates", () => {
  it("either refuses and changes nothing, or stores one valid period", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), word, word, async (untilForm, a, b) => {
        const text = untilForm ? `away until ${a}` : `away ${a} ${b}`.trim();
        const before = dumpDatabase(w.pulse);
        await w.pulse.run("ana", "pulse", text);
        const rows = w.pulse.db.$client
          .prepare("select from_at, until_at from away_periods order by id")
          .all() as { from_at: number; until_at: number }[];
        const now = w.clock.now().getTime();
        if (rows.length === 0) {
          refused++;
          expect(dumpDatabase(w.pulse)).toEqual(before);
          return;
        }
        accepted++;
        expect(rows).toHaveLength(1);
        const [p] = rows;
        if (!p) return;
        expect(p.until_at).toBeGreaterThan(now);
        expect(p.until_at).toBeGreaterThan(p.from_at);
        expect(p.until_at - p.from_at).toBeLessThanOrEqual(366 * DAY);
        // Reset for the next run: remove the period (test-only bookkeeping).
        w.pulse.db.$client.prepare("delete from away_periods").run();
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
