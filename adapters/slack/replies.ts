import type { webApi } from "@slack/bolt";
import type { Reply } from "../../src/core/inbound.js";
import type { Logger } from "../../src/core/logger.js";
import { postJson } from "./post-json.js";
import { renderMessage } from "./render.js";
import { decodeRef } from "./send.js";

/** Where the answers to one inbound go. */
export interface ReplyContext {
  client: webApi.WebClient;
  logger: Logger;
  userId: string;
  /** Slack's response_url: ephemeral and in-channel answers without needing channel membership. */
  responseUrl?: string;
  channelId?: string;
  /** The clicked message, for `replace`. */
  messageRef?: string;
  /** The clicked message is ephemeral: `replace` goes through the response_url. */
  replaceOriginal?: boolean;
}

async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const status = await postJson(url, body);
  if (status < 200 || status >= 300) throw new Error(`response_url answered HTTP ${status}`);
}

async function deliverOne(reply: Reply, ctx: ReplyContext): Promise<void> {
  const rendered = renderMessage(reply.message);
  if (reply.audience === "replace" && ctx.replaceOriginal && ctx.responseUrl) {
    await postToResponseUrl(ctx.responseUrl, { replace_original: true, ...rendered });
    return;
  }
  const replaceRef = reply.audience === "replace" && ctx.messageRef ? decodeRef(ctx.messageRef) : undefined;
  if (replaceRef) {
    await ctx.client.chat.update({ channel: replaceRef.channel, ts: replaceRef.ts, ...rendered });
    return;
  }
  const visible = reply.audience === "channel";
  if (ctx.responseUrl) {
    await postToResponseUrl(ctx.responseUrl, {
      response_type: visible ? "in_channel" : "ephemeral",
      replace_original: false,
      ...rendered,
    });
    return;
  }
  if (!ctx.channelId) {
    ctx.logger.warn("slack reply dropped: nowhere to send it", { audience: reply.audience });
    return;
  }
  if (visible) await ctx.client.chat.postMessage({ channel: ctx.channelId, ...rendered });
  else await ctx.client.chat.postEphemeral({ channel: ctx.channelId, user: ctx.userId, ...rendered });
}

/** Posts the core's replies in order; one failing reply is logged and does not stop the others. */
export async function deliverReplies(replies: Reply[], ctx: ReplyContext): Promise<void> {
  for (const reply of replies) {
    try {
      await deliverOne(reply, ctx);
    } catch (error) {
      ctx.logger.error("slack reply failed", { audience: reply.audience, error });
    }
  }
}
