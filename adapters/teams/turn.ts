import { ActivityTypes, INVOKE_RESPONSE_KEY, TeamsInfo, type TurnContext } from "botbuilder";
import type { ActionInbound, Actor, Inbound, Reply } from "../../src/core/inbound.js";
import type { Logger } from "../../src/core/logger.js";
import { type Message, textMessage } from "../../src/core/message.js";
import type { PulseCore } from "../../src/core/pulse.js";
import {
  actionFromInvoke,
  actionFromSubmit,
  actorOf,
  channelIdOf,
  commandFromMessage,
  isPersonal,
  type TeamsActivity,
  TeamsActivitySchema,
} from "./inbound.js";
import type { RecentActivities } from "./recent.js";
import type { ConversationRefStore } from "./ref-store.js";
import { remember } from "./remember.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, renderActivity, renderCard } from "./render.js";
import { type RetryOptions, withConnectorRetry } from "./retry.js";

export interface TurnDeps {
  core: PulseCore;
  refs: ConversationRefStore;
  logger: Logger;
  retry: RetryOptions;
  /** Message ids already handled, to ignore the channel's re-deliveries. */
  recent?: RecentActivities;
}

const FAILED = textMessage(
  "Sorry, something went wrong on our side. Please try again in a minute.",
  "danger",
);

/** The invoke answer that replaces the card for the person who acted (Universal Actions). */
function cardInvokeResponse(message: Message) {
  return {
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderCard(message) },
    },
  };
}

async function handleSafely(deps: TurnDeps, inbound: Inbound): Promise<Reply[] | undefined> {
  try {
    return await deps.core.handle(inbound);
  } catch (error) {
    // The core promises not to throw; if it does, the person still gets an answer and the log the detail.
    deps.logger.error("teams: core failed", { error, kind: inbound.kind });
    return undefined;
  }
}

/**
 * Teams has no ephemeral messages: `ephemeral` and `channel` replies are both posted in the
 * conversation the person typed in (in a personal chat that is private anyway).
 */
async function deliver(context: TurnContext, deps: TurnDeps, replies: Reply[]): Promise<void> {
  for (const reply of replies) {
    const activity = renderActivity(reply.message);
    const replyToId = context.activity.replyToId;
    if (reply.audience === "replace" && replyToId) {
      await withConnectorRetry(
        "update card",
        () => context.updateActivity({ ...activity, id: replyToId }),
        deps.retry,
      );
    } else {
      await withConnectorRetry("reply", () => context.sendActivity(activity), deps.retry);
    }
  }
}

async function onMessage(context: TurnContext, deps: TurnDeps, activity: TeamsActivity, actor: Actor) {
  // A typed message has no `value`; a messageBack tap has one and carries its verb as `text` too.
  const hasSubmit = activity.value !== undefined && activity.value !== null;
  let inbound: Inbound | undefined;
  if (hasSubmit) {
    inbound = actionFromSubmit(activity, actor);
    if (!inbound) {
      await deliver(context, deps, [
        { audience: "ephemeral", message: textMessage("That card could not be read.") },
      ]);
      return;
    }
  } else {
    inbound = await commandFromMessage(activity, actor, (memberId) => resolveMember(context, deps, memberId));
  }
  const replies = (await handleSafely(deps, inbound)) ?? [{ audience: "ephemeral", message: FAILED }];
  await deliver(context, deps, replies);
}

/** Mentions sometimes carry only the Teams member id; ask the connector for the AAD object id. */
async function resolveMember(
  context: TurnContext,
  deps: TurnDeps,
  memberId: string,
): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, memberId);
    return member.aadObjectId ?? undefined;
  } catch (error) {
    deps.logger.warn("teams: could not resolve a mentioned member", { error });
    return undefined;
  }
}

async function onCardAction(
  context: TurnContext,
  deps: TurnDeps,
  activity: TeamsActivity,
  action: ActionInbound | undefined,
) {
  const replies = action
    ? ((await handleSafely(deps, action)) ?? [{ audience: "ephemeral" as const, message: FAILED }])
    : [
        {
          audience: "ephemeral" as const,
          message: textMessage("That card action could not be read.", "warning"),
        },
      ];
  // The replacing card is the answer; without one, the first reply (usually a refusal) is shown in its place.
  const main = replies.find((r) => r.audience === "replace") ?? replies[0];
  const rest = replies.filter((r) => r !== main);
  await context.sendActivity(cardInvokeResponse(main?.message ?? textMessage("Done.")));
  // The invoke answer replaces the card for the clicker only; in a shared chat everyone must see it.
  const replyToId = activity.replyToId;
  if (main?.audience === "replace" && replyToId && !isPersonal(activity)) {
    const update = { ...renderActivity(main.message), id: replyToId };
    await withConnectorRetry("update card", () => context.updateActivity(update), deps.retry);
  }
  await deliver(context, deps, rest);
}

/** The turn logic CloudAdapter runs for every authenticated activity. Never throws. */
/** Invokes need an explicit answer, or CloudAdapter replies 501. */
async function answerInvoke(context: TurnContext, status: number): Promise<void> {
  if (context.activity.type !== ActivityTypes.Invoke || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } });
}

/** The turn logic CloudAdapter runs for every authenticated activity. Never throws. */
export function createTurnLogic(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const parsed = TeamsActivitySchema.safeParse(context.activity);
    if (!parsed.success) {
      deps.logger.warn("teams: unreadable activity ignored", { type: context.activity.type });
      await answerInvoke(context, 400);
      return;
    }
    const activity = parsed.data;
    try {
      await remember(context, activity, deps.refs);
      const actor = actorOf(activity);
      if (activity.type === ActivityTypes.Invoke) {
        if (activity.name === "adaptiveCard/action" && actor) {
          await onCardAction(context, deps, activity, actionFromInvoke(activity, actor));
        }
        // Other invokes (message extensions, tabs…) are not ours: acknowledged and ignored.
        await answerInvoke(context, 200);
        return;
      }
      if (activity.type === ActivityTypes.Message && actor && activity.from?.id !== activity.recipient?.id) {
        const key = `${activity.conversation.id}|${activity.id ?? ""}`;
        if (activity.id && deps.recent && !deps.recent.firstTime(key)) {
          deps.logger.info("teams: repeated delivery ignored", { type: activity.type });
          return;
        }
        await onMessage(context, deps, activity, actor);
        return;
      }
      deps.logger.debug("teams: activity acknowledged", {
        type: activity.type,
        where: isPersonal(activity) ? "personal" : channelIdOf(activity),
      });
    } catch (error) {
      // The webhook must answer even when a reply could not be delivered.
      deps.logger.error("teams: turn failed", { error, type: activity.type });
      await answerInvoke(context, 500).catch(() => undefined);
    }
  };
}
