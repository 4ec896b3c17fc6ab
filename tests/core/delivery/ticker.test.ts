import { describe, expect, it } from "vitest";
import type { Runtime } from "../../../src/cli/compose.js";
import { startTicker } from "../../../src/cli/ticker.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { TickReport } from "../../../src/jobs/tick.js";

const idle: TickReport = {
  checkins: 0,
  reminders: 0,
  missed: 0,
  escalations: 0,
  digests: 0,
  delivery: { sent: 0, retried: 0, failed: 0 },
};

/** Just what the ticker touches of a runtime: the clock and the tick job. */
function runtimeWith(reports: TickReport[], ticks: Date[]): Runtime {
  const tick = async (now: Date) => {
    ticks.push(now);
    return reports.shift() ?? idle;
  };
  return { deps: { clock: systemClock }, jobs: { tick } } as unknown as Runtime;
}

// Once a year, so a minute boundary during the test adds no tick of its own.
const options = { schedule: "0 0 1 1 *", followUpMs: 100 };

describe("the ticker", () => {
  it("ticks again soon after a tick that found work, and stops following up once one finds none", async () => {
    const ticks: Date[] = [];
    const busy = { ...idle, delivery: { sent: 40, retried: 0, failed: 0 } };
    const retried = { ...idle, delivery: { sent: 0, retried: 3, failed: 0 } };
    const ticker = startTicker(runtimeWith([busy, retried], ticks), silentLogger, options);
    await new Promise((r) => setTimeout(r, 600));
    await ticker.stop();
    // The start tick, two follow-ups (after work, after retries), then nothing until the schedule.
    expect(ticks.length).toBe(3);
  });

  it("schedules no follow-up once stopped", async () => {
    const ticks: Date[] = [];
    const busy = { ...idle, checkins: 5 };
    const ticker = startTicker(runtimeWith([busy, busy, busy], ticks), silentLogger, options);
    await ticker.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(ticks.length).toBe(1);
  });
});
