import express from "express";
import { z } from "zod";
import type { HttpRoute } from "../../src/core/http-route.js";
import type { Logger } from "../../src/core/logger.js";
import type { ChatPlatform } from "../../src/core/platform.js";
import type { PulseCore } from "../../src/core/pulse.js";
import { createCloudAdapter } from "./cloud-adapter.js";
import { RecentActivities } from "./recent.js";
import type { ConversationRefStore } from "./ref-store.js";
import { defaultRetryOptions, type RetryOptions } from "./retry.js";
import { createTeamsSender } from "./send.js";
import { createTurnLogic } from "./turn.js";

/** The least an activity must be before the SDK sees it. */
const ActivityEnvelopeSchema = z.looseObject({ type: z.string().min(1) });

export { decodeMessageRef, encodeMessageRef } from "./message-ref.js";
export type { ConversationRefStore } from "./ref-store.js";

export interface TeamsAdapterConfig {
  /** MICROSOFT_APP_ID; "" runs without authentication (local testing only). */
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType?: string;
  /** Override of the channel token keys' OpenID metadata URL (sovereign clouds, tests). */
  openIdMetadataUrl?: string;
  /** Longest wait for one Bot Connector call (default 30 s). */
  requestTimeoutMs?: number;
  core: PulseCore;
  refs: ConversationRefStore;
  logger: Logger;
  /** Connector retry policy; tests shorten the waits. */
  retry?: Partial<RetryOptions>;
}

export interface TeamsAdapter {
  platform: ChatPlatform;
  routes: HttpRoute[];
}

/**
 * The Microsoft Teams edge: Bot Framework activities at POST /api/messages become core commands
 * and actions; the core's messages go out as Adaptive Cards, proactively through stored references.
 */
export function createTeamsAdapter(config: TeamsAdapterConfig): TeamsAdapter {
  const { logger, refs } = config;
  const retry: RetryOptions = {
    ...defaultRetryOptions,
    onRetry: (what, cause, waitMs) => logger.warn("teams: connector busy, retrying", { what, cause, waitMs }),
    ...config.retry,
  };
  const adapter = createCloudAdapter(config, logger);
  // Teams re-sends an activity the bot has not answered within 15 s: in-turn replies wait little.
  const turnRetry = {
    ...retry,
    maxAttempts: Math.min(retry.maxAttempts, 3),
    maxDelayMs: Math.min(retry.maxDelayMs, 3_000),
  };
  const recent = new RecentActivities();
  const logic = createTurnLogic({ core: config.core, refs, logger, retry: turnRetry, recent });
  const platform = createTeamsSender({ adapter, appId: config.appId, refs, logger, retry });

  const route: HttpRoute = {
    method: "post",
    path: "/api/messages",
    handlers: [
      // CloudAdapter reads a parsed body; 1 MB is far above any real activity.
      express.json({ limit: "1mb" }),
      async (req, res, next) => {
        // The SDK throws (→ 500) on a body that is not an activity; that is the sender's fault.
        if (!ActivityEnvelopeSchema.safeParse(req.body).success) {
          res.status(400).json({ error: "not a Bot Framework activity" });
          return;
        }
        try {
          await adapter.process(req, res, logic);
        } catch (error) {
          next(error);
        }
      },
    ],
  };
  return { platform, routes: [route] };
}
