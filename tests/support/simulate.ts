import type { ManualClock } from "../../src/core/clock.js";
import { HOUR } from "../../src/core/clock.js";
import type { TestPulse } from "./pulse-fixture.js";

/** Moves the clock forward hour by hour, ticking at each step, as `sponsor-pulse start` would. */
export async function runFor(
  pulse: TestPulse,
  clock: ManualClock,
  hours: number,
  onHour?: (at: Date) => Promise<void>,
): Promise<void> {
  for (let h = 0; h < hours; h++) {
    clock.advance(HOUR);
    await pulse.tick();
    if (onHour) await onHour(clock.now());
  }
}
