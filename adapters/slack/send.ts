import { webApi } from "@slack/bolt";
import { z } from "zod";
import { chartPng } from "../../src/charts/png.js";
import type { Chart } from "../../src/core/chart.js";
import { type Clock, HOUR, systemClock } from "../../src/core/clock.js";
import type { Logger } from "../../src/core/logger.js";
import type { Message } from "../../src/core/message.js";
import type { ChatPlatform, SendOptions, Target, UserProfile } from "../../src/core/platform.js";
import { DeliveryError } from "../../src/core/platform.js";
import { HistoryPacer, type InstallKind } from "./history-pacer.js";
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
  /**
   * How the app is installed, which sets the pace of the in-doubt lookups (conversations.history):
   * `distributed` 1 a minute per workspace and 15 messages a page, `internal` and `marketplace` Tier 3.
   * Default `auto`: Tier 3 until Slack answers a lookup with a long Retry-After, then distributed.
   */
  installKind?: InstallKind | "auto";
  /** How far back an in-doubt message is looked for (default 24 h). */
  lookbackMs?: number;
}

/** Pages of history read for one in-doubt message before it is taken as not sent. */
const MAX_HISTORY_PAGES = 3;

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
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
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

const UploadUrlSchema = z.object({ upload_url: z.string().url(), file_id: z.string().min(1) });

const USER_CACHE_MS = 6 * HOUR;

/** Charts already shared, by dedupe key and position, so a repeated send does not share one twice. */
const MAX_REMEMBERED_CHARTS = 10_000;

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
    retry: RetryPolicy = policy,
  ): Promise<T> {
    let result: unknown;
    try {
      result = await withRetry(method, retry, secrets, run, {
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

  const pacer = new HistoryPacer(config.installKind ?? "auto", () => clock.now().getTime());
  const lookbackMs = config.lookbackMs ?? 24 * HOUR;

  /**
   * One history page, within the install's pace: every try, a retry after a 5xx or a dropped
   * connection too, takes a turn; a try that must wait for one defers the message instead (a "retry"
   * with the wait), and so does a 429, which also holds every other lookup of the workspace.
   */
  async function historyPage(
    workspaceId: string,
    channel: string,
    turnKey: string,
    oldest: number,
    cursor?: string,
  ) {
    let delay = policy.minDelayMs;
    for (let attempt = 1; ; attempt++) {
      const wait = pacer.turn(workspaceId, turnKey);
      if (wait > 0) {
        throw new DeliveryError(
          "retry",
          `Slack conversations.history: next in-doubt lookup in ${Math.ceil(wait / 1000)} s (rate limit)`,
          wait,
        );
      }
      try {
        return await call(
          "conversations.history",
          () =>
            client.conversations.history({
              channel,
              oldest: (oldest / 1000).toFixed(6),
              limit: pacer.policyOf(workspaceId).pageSize,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            }),
          HistorySchema,
          undefined,
          { ...policy, attempts: 1 },
        );
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.failure !== "retry") throw error;
        if (error.retryAfterMs !== undefined) {
          pacer.pause(workspaceId, error.retryAfterMs);
          throw error;
        }
        if (attempt >= policy.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, policy.maxDelayMs);
      }
    }
  }

  /** Where a lookup that had to wait for its next page stopped, so its next try goes on from there. */
  const resume = new Map<string, { page: number; oldest: number; cursor: string }>();

  /**
   * The ts of our message carrying this dedupe key, posted since `oldest` (ms): a few narrow pages of
   * the channel's history, each a paced conversations.history call.
   */
  async function findInHistory(
    workspaceId: string,
    channel: string,
    dedupeKey: string,
    since: number,
  ): Promise<string | undefined> {
    const key = `${workspaceId}:${channel}:${dedupeKey}`;
    const from = resume.get(key);
    resume.delete(key);
    const oldest = from?.oldest ?? since;
    let cursor = from?.cursor;
    for (let page = from?.page ?? 0; page < MAX_HISTORY_PAGES; page++) {
      let history: z.infer<typeof HistorySchema>;
      try {
        history = await historyPage(workspaceId, channel, `${dedupeKey}#${page}`, oldest, cursor);
      } catch (error) {
        if (cursor && resume.size < 10_000) resume.set(key, { page, oldest, cursor });
        throw error;
      }
      const found = history.messages.find(
        (m) =>
          m.metadata?.event_type === METADATA_EVENT_TYPE &&
          m.metadata.event_payload?.dedupe_key === dedupeKey,
      );
      if (found) return found.ts;
      cursor = history.response_metadata?.next_cursor;
      if (!history.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  const sharedCharts = new Set<string>();

  /** POSTs the bytes to the upload URL Slack handed out: raw body, no token (the URL is the grant). */
  async function postBytes(uploadUrl: string, bytes: Uint8Array): Promise<void> {
    await withRetry("file upload", policy, [...secrets, uploadUrl], async () => {
      const res = await fetch(uploadUrl, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer();
      if (res.status === 429) {
        const seconds = Number(res.headers.get("retry-after") ?? "1");
        const waitMs = (Number.isFinite(seconds) && seconds >= 0 ? seconds : 1) * 1000;
        throw new DeliveryError("retry", "Slack file upload: rate limited", waitMs);
      }
      if (res.status >= 500) throw new DeliveryError("retry", `Slack file upload: HTTP ${res.status}`);
      if (res.status !== 200) throw new DeliveryError("permanent", `Slack file upload: HTTP ${res.status}`);
    });
  }

  /**
   * Slack has no chart element, so a chart goes as a PNG through the external upload
   * (files.getUploadURLExternal → POST the bytes → files.completeUploadExternal), shared as a reply in
   * the message's thread with its summary as the comment. Not an image block with `slack_file`: a
   * file not yet shared anywhere is private to the bot, Slack processes uploads asynchronously, and
   * such blocks are refused as "invalid slack file" (slackapi/bolt-python#1251, java-slack-sdk#1349).
   * A chart that cannot be shared is logged and left out: the message already carries its summary, and
   * failing the send would post the whole message again.
   */
  async function shareChart(channel: string, threadTs: string, chart: Chart, key: string): Promise<void> {
    if (sharedCharts.has(key)) return;
    const png = chartPng(chart);
    const filename = "engagement-chart.png";
    try {
      const upload = await call(
        "files.getUploadURLExternal",
        // alt_txt is the argument's name in the method reference (the SDK's typings say alt_text).
        () =>
          client.apiCall("files.getUploadURLExternal", {
            filename,
            length: png.length,
            alt_txt: chart.summary.slice(0, 1000),
          }),
        UploadUrlSchema,
      );
      await postBytes(upload.upload_url, png);
      await call(
        "files.completeUploadExternal",
        () =>
          client.apiCall("files.completeUploadExternal", {
            files: [{ id: upload.file_id, title: chart.title }],
            channel_id: channel,
            thread_ts: threadTs,
            initial_comment: chart.summary,
          }),
        z.unknown(),
        // After a timeout or a 5xx the share may have happened: take it as done rather than share
        // twice. A 429 certainly did not happen and waits for Retry-After (withRetry).
        async () => ({ ok: true }),
      );
      if (sharedCharts.size >= MAX_REMEMBERED_CHARTS) sharedCharts.clear();
      sharedCharts.add(key);
    } catch (error) {
      config.logger.warn("slack chart not shared", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
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
          // Just posted, if at all: the newest page finds it. The window is not cut to the attempt's
          // time, since our clock and Slack's may differ.
          const since = clock.now().getTime() - lookbackMs;
          const ts = await findInHistory(workspaceId, channel, options.dedupeKey, since);
          return ts ? { ok: true, channel, ts } : undefined;
        },
      );
      let index = 0;
      for (const section of message.sections) {
        if (!section.chart) continue;
        await shareChart(
          posted.channel,
          posted.ts,
          section.chart,
          `${workspaceId}:${options.dedupeKey}#${index++}`,
        );
      }
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
      const since = clock.now().getTime() - lookbackMs;
      const ts = await findInHistory(workspaceId, channel, dedupeKey, since);
      return ts ? encodeRef(channel, ts) : undefined;
    },
  };
}
