import { webApi } from "@slack/bolt";
import { z } from "zod";
import { type Clock, HOUR, systemClock } from "../../src/core/clock.js";
import type { Logger } from "../../src/core/logger.js";
import type { Message } from "../../src/core/message.js";
import type { ChatPlatform, SendOptions, Target, UserProfile } from "../../src/core/platform.js";
import { DeliveryError } from "../../src/core/platform.js";
import { renderMessage } from "./render.js";
import { DEFAULT_RETRY, type RetryPolicy, toDeliveryError, withRetry } from "./retry.js";
import { boltLogger } from "./slack-logger.js";

export const DEFAULT_API_URL = "https://slack.com/api/";

/** The metadata event type that tags our messages so a send interrupted by a crash can be found. */
export const METADATA_EVENT_TYPE = "sponsor_pulse";

export interface SlackPlatformConfig {
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  clock?: Clock;
  retry?: RetryPolicy;
  /** Per-request timeout in ms (a hung connection counts as a network error and is retried). */
  timeoutMs?: number;
}

export function apiBaseUrl(apiUrl: string | undefined): string {
  const url = apiUrl ?? DEFAULT_API_URL;
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The platform's client does not retry by itself: {@link withRetry} does, so that a chat.postMessage
 * whose answer was lost is looked up before it is sent again.
 */
export function createWebClient(config: SlackPlatformConfig): webApi.WebClient {
  return new webApi.WebClient(config.botToken, {
    slackApiUrl: apiBaseUrl(config.apiUrl),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
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

  const policy = config.retry ?? DEFAULT_RETRY;

  async function call<T>(
    method: string,
    run: () => Promise<unknown>,
    schema: z.ZodType<T>,
    landed?: () => Promise<unknown>,
  ): Promise<T> {
    let result: unknown;
    try {
      result = await withRetry(method, policy, secrets, run, {
        ...(landed ? { landed } : {}),
        onRetry: (failure, attempt) =>
          config.logger.info("slack call retried", { method, attempt, error: failure.message }),
      });
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

  /** The ts of our message carrying this dedupe key among the channel's latest messages. */
  async function findInHistory(channel: string, dedupeKey: string): Promise<string | undefined> {
    const history = await call(
      "conversations.history",
      () => client.conversations.history({ channel, limit: 100, include_all_metadata: true }),
      HistorySchema,
    );
    return history.messages.find(
      (m) =>
        m.metadata?.event_type === METADATA_EVENT_TYPE && m.metadata.event_payload?.dedupe_key === dedupeKey,
    )?.ts;
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
        async () => {
          const ts = await findInHistory(channel, options.dedupeKey);
          return ts ? { ok: true, channel, ts } : undefined;
        },
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
