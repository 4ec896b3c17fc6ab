/**
 * The bot's digest derives engagement once — from the loader's check-ins, with the sponsors' time away and
 * overdue asks — and must say exactly what the previous two passes said (the loader's engagement, then
 * `insights.engagement` over 26 weeks again). Random portfolios in a real SQLite file, compared with the
 * two-pass reading kept in ./two-pass.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildDigest } from "../../../src/digest/build.js";
import { loadDigest } from "../../../src/digest/load.js";
import { digestToJson, digestToText } from "../../../src/digest/render.js";
import { NOW, SINCE, seedRandomPortfolio } from "../../fixtures/digest/random-portfolio.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { twoPassSponsorFacts } from "./two-pass.js";

let pulse: TestPulse | undefined;
afterEach(async () => {
  await pulse?.close();
  pulse = undefined;
});

describe("the bot's digest reads engagement once", () => {
  it("says exactly what the two passes said, with time away, overdue asks, delegates and long silences", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      pulse = await createTestPulse({ defaultTz: "America/New_York" });
      seedRandomPortfolio(pulse, seed);
      for (const channelId of [undefined, "CPMO", "COTHER"]) {
        const options = { now: NOW, since: SINCE, ...(channelId ? { channelId } : {}) };
        const one = await pulse.digests.load("local", options);
        const two = await twoPassSponsorFacts(
          pulse.deps,
          "local",
          await loadDigest({ digests: pulse.database.stores.digests }, "local", options),
        );
        const context = `seed ${seed}, channel ${channelId ?? "all"}`;
        expect(one.initiatives, context).toEqual(two.initiatives);
        // The two-pass reading has no weekly history of its own (its loader ran without the sponsors'
        // weeks, so its chart would replay without time away): both draw the one-pass weeks.
        const twoWithWeeks = {
          ...two,
          ...(one.engagementWeeks ? { engagementWeeks: one.engagementWeeks } : {}),
        };
        const [a, b] = [buildDigest(one, NOW, one.settings), buildDigest(twoWithWeeks, NOW, two.settings)];
        expect(digestToText(a), context).toBe(digestToText(b));
        expect(digestToJson(a), context).toBe(digestToJson(b));
      }
      await pulse.close();
      pulse = undefined;
    }
  }, 60_000);
});
