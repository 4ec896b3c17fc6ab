import type { Logger } from "../../../src/core/logger.js";
import type { PulseCore } from "../../../src/core/pulse.js";

export interface ListenerDeps {
  core: PulseCore;
  logger: Logger;
}

/** Listener bodies run after the ack: an error is logged, never thrown back into Bolt. */
export async function safely(logger: Logger, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.error(`slack ${what} failed`, { error });
  }
}
