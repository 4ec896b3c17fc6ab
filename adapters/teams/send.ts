import { type CloudAdapter, type ConversationReference, TurnContext } from "botbuilder";
import type { Logger } from "../../src/core/logger.js";
import type { Message } from "../../src/core/message.js";
import { type ChatPlatform, DeliveryError, type Target, type UserProfile } from "../../src/core/platform.js";
import { decodeMessageRef, encodeMessageRef } from "./message-ref.js";
import { type ConversationRefStore, parseStoredReference } from "./ref-store.js";
import { renderActivity } from "./render.js";
import { type RetryOptions, withConnectorRetry } from "./retry.js";

type ConversationParameters = Parameters<CloudAdapter["createConversationAsync"]>[4];

/** The audience of Bot Framework channel tokens (public and single-tenant clouds alike). */
const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com";

export interface TeamsSenderDeps {
  adapter: CloudAdapter;
  appId: string;
  refs: ConversationRefStore;
  logger: Logger;
  retry: RetryOptions;
}

function notInstalled(target: Target): DeliveryError {
  const who = target.kind === "user" ? `Person ${target.id}` : `Channel ${target.id}`;
  return new DeliveryError(
    "unreachable",
    `${who} has not installed the bot (no Teams conversation with them yet)`,
  );
}

/** The ChatPlatform the core delivers through: proactive turns over stored conversation references. */
export function createTeamsSender(deps: TeamsSenderDeps): ChatPlatform {
  const { adapter, appId, refs, retry } = deps;

  async function continueWith(
    reference: Partial<ConversationReference>,
    logic: (c: TurnContext) => Promise<void>,
  ) {
    await adapter.continueConversationAsync(appId, reference, logic);
  }

  /** A person met only in a channel: open the 1:1 chat first and keep its reference for next time. */
  async function openPersonalChat(
    workspaceId: string,
    target: Target,
    placeholder: Partial<ConversationReference>,
  ): Promise<Partial<ConversationReference>> {
    const user = placeholder.user;
    if (!user || !placeholder.serviceUrl) throw notInstalled(target);
    let created: Partial<ConversationReference> | undefined;
    await withConnectorRetry(
      "open 1:1 chat",
      () =>
        adapter.createConversationAsync(
          appId,
          placeholder.channelId ?? "msteams",
          placeholder.serviceUrl!,
          BOT_FRAMEWORK_SCOPE,
          // No first activity: the check-in is sent right after, through the stored reference.
          {
            isGroup: false,
            bot: placeholder.bot,
            members: [{ id: user.id, name: user.name }],
            tenantId: workspaceId,
            channelData: { tenant: { id: workspaceId } },
          } as ConversationParameters,
          async (context) => {
            created = TurnContext.getConversationReference(context.activity);
          },
        ),
      retry,
    );
    if (!created?.conversation) throw notInstalled(target);
    const reference = {
      ...created,
      user,
      conversation: { ...created.conversation, conversationType: "personal", tenantId: workspaceId },
    };
    delete reference.activityId;
    await refs.save(workspaceId, target, JSON.parse(JSON.stringify(reference)) as Record<string, unknown>);
    return reference;
  }

  /**
   * A team channel the bot has not heard from (e.g. named with `/pulse channel`) is still reachable
   * when the bot is in its team: address it like a channel already known in the same tenant.
   */
  async function channelLike(workspaceId: string, channelId: string) {
    if (!channelId.startsWith("19:")) return undefined;
    for (const known of (await refs.list?.(workspaceId, "channel")) ?? []) {
      const sibling = parseStoredReference(await refs.get(workspaceId, { kind: "channel", id: known }));
      if (sibling?.conversation)
        return { ...sibling, conversation: { ...sibling.conversation, id: channelId } };
    }
    return undefined;
  }

  async function referenceFor(workspaceId: string, target: Target): Promise<Partial<ConversationReference>> {
    let reference = parseStoredReference(await refs.get(workspaceId, target));
    if (!reference && target.kind === "channel") reference = await channelLike(workspaceId, target.id);
    if (!reference) throw notInstalled(target);
    const type = reference.conversation?.conversationType;
    if (target.kind === "user" && type && type !== "personal")
      return openPersonalChat(workspaceId, target, reference);
    return reference;
  }

  return {
    platform: "teams",

    async send(workspaceId: string, target: Target, message: Message): Promise<string> {
      const reference = await referenceFor(workspaceId, target);
      const activity = renderActivity(message);
      let activityId = "";
      await withConnectorRetry(
        "send",
        () =>
          continueWith(reference, async (context) => {
            // The continuation event carries a random id that would turn the send into a reply to
            // nothing (a thread reply in a channel): without it, the message starts a new post.
            delete context.activity.id;
            activityId = (await context.sendActivity(activity))?.id ?? "";
          }),
        retry,
      );
      return encodeMessageRef(reference.conversation!.id, activityId);
    },

    async update(workspaceId: string, ref: string, message: Message): Promise<void> {
      const decoded = decodeMessageRef(ref);
      if (!decoded) throw new DeliveryError("permanent", `Not a Teams message ref: ${ref}`);
      const stored = parseStoredReference(await refs.findByConversation(workspaceId, decoded.conversationId));
      if (!stored)
        throw new DeliveryError("unreachable", "The Teams conversation of this message is not known");
      const reference = { ...stored, conversation: { ...stored.conversation!, id: decoded.conversationId } };
      const activity = { ...renderActivity(message), id: decoded.activityId };
      await withConnectorRetry(
        "update",
        () =>
          continueWith(reference, async (context) => {
            await context.updateActivity(activity);
          }),
        retry,
      );
    },

    async lookupUser(workspaceId: string, userId: string): Promise<UserProfile | undefined> {
      const reference = parseStoredReference(await refs.get(workspaceId, { kind: "user", id: userId }));
      const name = reference?.user?.name;
      return name ? { displayName: name, isBot: false } : undefined;
    },
  };
}
