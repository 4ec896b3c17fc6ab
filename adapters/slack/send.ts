import { webApi } from "@slack/bolt";
import { z } from "zod";
import { type Clock, HOUR, systemClock } from "../../src/core/clock.js";
import type { Logger } from "../../src/core/logger.js";
import { redactString } from "../../src/core/logger.js";
import type { Message } from "../../src/core/message.js";
import type { ChatPlatform, SendOptions, Target, UserProfile } from "../../src/core/platform.js";
import { DeliveryError } from "../../src/core/platform.js";
import { renderMessage } from "./render.js";
import { boltLogger } from "./slack-logger.js";

export type RetryOptions = webApi.RetryOptions;

/**
 * The WebClient retries 429 (after Retry-After), 5xx and network errors itself; this policy bounds it
 * to about half a minute so a tick is not held for the library's default half hour.
 */
export const DEFAULT_RETRY: RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 8_000,
  randomize: true,
};

export const DEFAULT_API_URL = "https://slack.com/api/";

/** The metadata event type that tags our messages so a send interrupted by a crash can be found. */
export const METADATA_EVENT_TYPE = "sponsor_pulse";

export interface SlackPlatformConfig {
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  clock?: Clock;
  retryConfig?: RetryOptions;
  /** Per-request timeout in ms (a hung connection counts as a network error and is retried). */
  timeoutMs?: number;
}

export function apiBaseUrl(apiUrl: string | undefined): string {
  const url = apiUrl ?? DEFAULT_API_URL;
  return url.endsWith("/") ? url : `${url}/`;
}

export function createWebClient(config: SlackPlatformConfig): webApi.WebClient {
  return new webApi.WebClient(config.botToken, {
    slackApiUrl: apiBaseUrl(config.apiUrl),
    retryConfig: config.retryConfig ?? DEFAULT_RETRY,
    timeout: config.timeoutMs ?? 10_000,
    logger: boltLogger(config.logger, [config.botToken]),
  });
}

/** Message refs are `slack:<channel>:<ts>` so a message can be updated from stored state alone. */
export function encodeRef(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

export function decodeRef(ref: string): { channel: string; ts: string } | undefined {
  const match = /^slack:([A-Z0-9]+):(\d+\.\d+)$/.exec(ref);
  return match?.[1] && match[2] ? { channel: match[1], ts: match[2] } : undefined;
}

const UNREACHABLE = new Set([
  "channel_not_found",
  "not_in_channel",
  "user_not_found",
  "users_not_found",
  "cannot_dm_bot",
  "user_disabled",
  "account_inactive",
  "is_archived",
  "user_not_visible",
  "message_not_found",
]);
const TRANSIENT = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Any WebClient failure → DeliveryError; the message names the method and Slack's code, never a token. */
export function toDeliveryError(method: string, error: unknown, secrets: string[]): DeliveryError {
  const detail = (text: string) => redactString(`Slack ${method} failed: ${text}`, secrets);
  if (error instanceof DeliveryError) return error;
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (UNREACHABLE.has(code)) return new DeliveryError("unreachable", detail(code));
    return new DeliveryError(TRANSIENT.has(code) ? "retry" : "permanent", detail(code));
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError("retry", detail("rate limited"), error.retryAfter * 1000);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError(
      error.statusCode >= 500 ? "retry" : "permanent",
      detail(`HTTP ${error.statusCode}`),
    );
  }
  // Network errors, timeouts and retries exhausted after 429s all surface here: try again later.
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("retry", detail(message));
}

const UserInfoSchema = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    tz: z.string().optional(),
    is_bot: z.boolean().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

const OpenSchema = z.object({ channel: z.object({ id: z.string() }) });
const PostSchema = z.object({ channel: z.string(), ts: z.string() });
const HistorySchema = z.object({
  messages: z
    .array(
      z.object({
        ts: z.string(),
        metadata: z
          .object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() })
          .optional(),
      }),
    )
    .default([]),
});

const USER_CACHE_MS = 6 * HOUR;

/** The ChatPlatform port over the Slack Web API. */
export function createSlackPlatform(
  config: SlackPlatformConfig,
  client = createWebClient(config),
): ChatPlatform {
  const secrets = [config.botToken];
  const clock = config.clock ?? systemClock;
  const users = new Map<string, { at: number; profile: UserProfile | undefined }>();
  const dms = new Map<string, string>();

  async function call<T>(method: string, run: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T> {
    let result: unknown;
    try {
      result = await run();
    } catch (error) {
      const failure = toDeliveryError(method, error, secrets);
      config.logger.warn("slack call failed", { method, failure: failure.failure, error: failure.message });
      throw failure;
    }
    const parsed = schema.safeParse(result);
    if (!parsed.success)
      throw new DeliveryError("permanent", `Slack ${method} returned an unexpected answer`);
    return parsed.data;
  }

  async function channelFor(workspaceId: string, target: Target): Promise<string> {
    if (target.kind === "channel") return target.id;
    const key = `${workspaceId}:${target.id}`;
    const cached = dms.get(key);
    if (cached) return cached;
    const opened = await call(
      "conversations.open",
      () => client.conversations.open({ users: target.id }),
      OpenSchema,
    );
    dms.set(key, opened.channel.id);
    return opened.channel.id;
  }

  return {
    platform: "slack",

    async send(workspaceId: string, target: Target, message: Message, options: SendOptions): Promise<string> {
      const channel = await channelFor(workspaceId, target);
      const { text, blocks } = renderMessage(message);
      const posted = await call(
        "chat.postMessage",
        () =>
          client.chat.postMessage({
            channel,
            text,
            blocks,
            metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { dedupe_key: options.dedupeKey } },
          }),
        PostSchema,
      );
      return encodeRef(posted.channel, posted.ts);
    },

    async update(_workspaceId: string, ref: string, message: Message): Promise<void> {
      const decoded = decodeRef(ref);
      if (!decoded) throw new DeliveryError("permanent", `not a Slack message ref: ${ref}`);
      const { text, blocks } = renderMessage(message);
      await call(
        "chat.update",
        () => client.chat.update({ channel: decoded.channel, ts: decoded.ts, text, blocks }),
        z.unknown(),
      );
    },

    async lookupUser(workspaceId: string, userId: string): Promise<UserProfile | undefined> {
      const key = `${workspaceId}:${userId}`;
      const now = clock.now().getTime();
      const cached = users.get(key);
      if (cached && now - cached.at < USER_CACHE_MS) return cached.profile;
      let profile: UserProfile | undefined;
      try {
        const { user } = await call("users.info", () => client.users.info({ user: userId }), UserInfoSchema);
        const displayName =
          user.profile?.display_name || user.real_name || user.profile?.real_name || user.name || userId;
        profile = { displayName, ...(user.tz ? { tz: user.tz } : {}), isBot: user.is_bot ?? false };
      } catch (error) {
        // An unknown user is an answer worth caching; an outage is not.
        if (!(error instanceof DeliveryError && error.failure === "unreachable")) throw error;
      }
      users.set(key, { at: now, profile });
      return profile;
    },

    async findSent(workspaceId: string, target: Target, dedupeKey: string): Promise<string | undefined> {
      const channel = await channelFor(workspaceId, target);
      const history = await call(
        "conversations.history",
        () => client.conversations.history({ channel, limit: 100, include_all_metadata: true }),
        HistorySchema,
      );
      const found = history.messages.find(
        (m) =>
          m.metadata?.event_type === METADATA_EVENT_TYPE &&
          m.metadata.event_payload?.dedupe_key === dedupeKey,
      );
      return found ? encodeRef(channel, found.ts) : undefined;
    },
  };
}
