import { App } from "@slack/bolt";
import { type Clock, systemClock } from "../../src/core/clock.js";
import type { HttpRoute } from "../../src/core/http-route.js";
import type { Logger } from "../../src/core/logger.js";
import type { ChatPlatform } from "../../src/core/platform.js";
import type { PulseCore } from "../../src/core/pulse.js";
import { DeliveryDedupe, deliveryKey } from "./dedupe.js";
import { registerActions } from "./listeners/actions.js";
import { registerCommands } from "./listeners/commands.js";
import { registerHome } from "./listeners/home.js";
import { registerViews } from "./listeners/views.js";
import { createReceiver, createSocketReceiver } from "./receiver.js";
import { DEFAULT_RETRY, type RetryPolicy, webClientRetry } from "./retry.js";
import { apiBaseUrl, createSlackPlatform, createWebClient } from "./send.js";
import { boltLogger } from "./slack-logger.js";

export { renderHome, renderMessage } from "./render.js";
export { createSlackPlatform, decodeRef, encodeRef } from "./send.js";

export interface SlackAdapterConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (no public URL needed); HTTP at POST /slack/events otherwise. */
  appToken?: string;
  /** Web API base URL (SLACK_API_URL); tests point it at a local stand-in. */
  apiUrl?: string;
  core: PulseCore;
  logger: Logger;
  clock?: Clock;
  /** Reuse a platform built earlier with createSlackPlatform (the core needs it before the adapter exists). */
  platform?: ChatPlatform;
  /** Retry rules for Web API calls (tests shorten the waits). */
  retry?: RetryPolicy;
}

export interface SlackAdapter {
  platform: ChatPlatform;
  routes: HttpRoute[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  const secrets = [config.botToken, config.signingSecret, ...(config.appToken ? [config.appToken] : [])];
  const log = boltLogger(config.logger, secrets);
  const clock = config.clock ?? systemClock;
  const retry = config.retry ?? DEFAULT_RETRY;
  const platformConfig = {
    botToken: config.botToken,
    logger: config.logger,
    clock,
    retry,
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
  };
  const client = createWebClient(platformConfig);
  const platform = config.platform ?? createSlackPlatform(platformConfig, client);

  // One bot token, so authorization is constant; auth.test runs once in start(), never per request.
  let identity: { botUserId?: string; botId?: string } = {};
  const receiver = config.appToken ? undefined : createReceiver(config.signingSecret, log);
  const clientOptions = {
    slackApiUrl: apiBaseUrl(config.apiUrl),
    retryConfig: webClientRetry(retry),
    logger: log,
  };
  const app = new App({
    ...(receiver
      ? { receiver }
      : { socketMode: true, receiver: createSocketReceiver(config.appToken ?? "", log, clientOptions) }),
    authorize: async () => ({ botToken: config.botToken, ...identity }),
    logger: log,
    convoStore: false,
    clientOptions,
  });

  const dedupe = new DeliveryDedupe(clock);
  app.use(async (args) => {
    const key = deliveryKey(args.body);
    if (key === undefined || dedupe.first(key)) {
      await args.next();
      return;
    }
    config.logger.info("slack delivery already handled", { key, retry: args.context.retryNum });
    if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
  });

  const deps = { core: config.core, logger: config.logger, platform };
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerHome(app, deps);
  app.error(async (error) => {
    config.logger.error("slack listener failed", { error });
  });

  return {
    platform,
    routes: receiver ? [{ method: "post", path: "/slack/events", handlers: [receiver.router] }] : [],
    async start() {
      try {
        const auth = await client.auth.test();
        identity = {
          ...(typeof auth.user_id === "string" ? { botUserId: auth.user_id } : {}),
          ...(typeof auth.bot_id === "string" ? { botId: auth.bot_id } : {}),
        };
      } catch (error) {
        // Not fatal: the bot still answers; only Bolt's "ignore my own messages" needs the ids.
        config.logger.warn("slack auth.test failed", { error });
      }
      if (!receiver) await app.start();
    },
    async stop() {
      if (!receiver) await app.stop();
    },
  };
}
