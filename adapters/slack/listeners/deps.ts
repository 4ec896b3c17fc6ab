import type { Actor } from "../../../src/core/inbound.js";
import type { Logger } from "../../../src/core/logger.js";
import type { ChatPlatform } from "../../../src/core/platform.js";
import type { PulseCore } from "../../../src/core/pulse.js";

export interface ListenerDeps {
  core: PulseCore;
  logger: Logger;
  platform: ChatPlatform;
}

/** Listener bodies run after the ack: an error is logged, never thrown back into Bolt. */
export async function safely(logger: Logger, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.error(`slack ${what} failed`, { error });
  }
}

/**
 * Payloads carry only the legacy user name; the profile (display name, time zone) comes from
 * users.info, cached by the platform. If Slack cannot answer, the payload's name will do.
 */
export async function withProfile(deps: ListenerDeps, actor: Actor): Promise<Actor> {
  try {
    const profile = await deps.platform.lookupUser?.(actor.workspaceId, actor.userId);
    if (!profile) return actor;
    return { ...actor, displayName: profile.displayName, ...(profile.tz ? { tz: profile.tz } : {}) };
  } catch (error) {
    deps.logger.warn("slack profile lookup failed", { userId: actor.userId, error });
    return actor;
  }
}
