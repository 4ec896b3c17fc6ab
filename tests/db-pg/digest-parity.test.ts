/**
 * The PostgreSQL digest loader reads the same recent window as SQLite's (older check-ins only where they
 * can change the engagement) and must give the same digest: random portfolios written to SQLite, copied
 * to PostgreSQL with `sponsor-pulse copy`, and loaded from both (bare loader and the bot's path).
 * Runs when PULSE_TEST_PG_URL is set.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compose, type Runtime } from "../../src/cli/compose.js";
import { copyDatabase } from "../../src/cli/copy.js";
import { loadEnv } from "../../src/config/env.js";
import { ManualClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { buildDigest } from "../../src/digest/build.js";
import { loadDigest } from "../../src/digest/load.js";
import { digestToText } from "../../src/digest/render.js";
import { NOW, SINCE, seedRandomPortfolio } from "../fixtures/digest/random-portfolio.js";
import { createTestPulse, type TestPulse } from "../support/pulse-fixture.js";
import { PG_SKIP_REASON, PG_URL, type Scratch, scratchDatabase } from "./dialects.js";

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);

let sqlite: TestPulse | undefined;
let pg: Runtime | undefined;
let scratch: Scratch | undefined;
afterEach(async () => {
  await sqlite?.close();
  await pg?.database.close();
  await scratch?.drop();
  [sqlite, pg, scratch] = [undefined, undefined, undefined];
});

describe.runIf(PG_URL)("the digest on PostgreSQL", () => {
  it("equals the digest on SQLite for the same portfolio", async () => {
    for (let seed = 1; seed <= 6; seed++) {
      sqlite = await createTestPulse({ defaultTz: "America/New_York" });
      seedRandomPortfolio(sqlite, seed);
      scratch = await scratchDatabase("postgres");
      await copyDatabase(sqlite.file, scratch.url);
      pg = compose(
        loadEnv({ DATABASE_URL: scratch.url, TZ_DEFAULT: "America/New_York" }),
        new ManualClock(NOW.toISOString()),
        silentLogger,
      );
      for (const channelId of [undefined, "CPMO", "COTHER"]) {
        const options = { now: NOW, since: SINCE, ...(channelId ? { channelId } : {}) };
        const context = `seed ${seed}, channel ${channelId ?? "all"}`;
        const bare = [sqlite, pg].map((rt) =>
          loadDigest({ digests: rt.database.stores.digests }, "local", options),
        );
        const [a, b] = await Promise.all(bare);
        expect(b?.initiatives, context).toEqual(a?.initiatives);
        const bot = await Promise.all([sqlite, pg].map((rt) => rt.digests.load("local", options)));
        const [x, y] = bot.map((d) => digestToText(buildDigest(d, NOW, d.settings)));
        expect(y, context).toBe(x);
      }
      // The dashboard's weeks (the lean read of the same SQL): the same grid.
      const weeks = await Promise.all(
        [sqlite, pg].map((rt) => rt.digests.weeks("local", { now: NOW, weeks: 26 })),
      );
      expect(weeks[0]?.initiatives.length, `seed ${seed}, weeks`).toBeGreaterThan(0);
      expect(weeks[1], `seed ${seed}, weeks`).toEqual(weeks[0]);
      await sqlite.close();
      await pg.database.close();
      await scratch.drop();
      [sqlite, pg, scratch] = [undefined, undefined, undefined];
    }
  }, 120_000);
});
