import { ActivityTypes, TurnContext } from "botbuilder";
import { z } from "zod";
import { channelIdOf, isPersonal, type TeamsActivity, tenantOf } from "./inbound.js";
import { type ConversationRefStore, parseStoredReference } from "./ref-store.js";

const MembersAddedSchema = z.array(
  z.looseObject({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() }),
);

function toJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * Keeps a conversation reference for every person and channel met, so check-ins, escalations and
 * digests can be sent later. A person met only in a channel gets a reference to that channel with
 * themselves as `user`: the sender then opens a 1:1 chat with them (Teams allows it once the bot
 * is in a team they belong to). A personal chat's reference always wins over such a placeholder.
 */
export async function remember(context: TurnContext, activity: TeamsActivity, refs: ConversationRefStore) {
  const workspaceId = tenantOf(activity);
  if (!workspaceId) return;
  const reference = toJson(TurnContext.getConversationReference(context.activity));
  delete reference.activityId;
  const botId = activity.recipient?.id;

  if (isPersonal(activity)) {
    const person = activity.from;
    if (person && person.id !== botId) {
      await refs.save(workspaceId, { kind: "user", id: person.aadObjectId ?? person.id }, reference);
    }
    return;
  }

  const channelId = channelIdOf(activity);
  const channelRef = { ...reference, conversation: { ...(reference.conversation as object), id: channelId } };
  await refs.save(workspaceId, { kind: "channel", id: channelId }, channelRef);

  const people = [activity.from].filter((p) => p !== undefined);
  if (activity.type === ActivityTypes.ConversationUpdate) {
    const added = MembersAddedSchema.safeParse(context.activity.membersAdded ?? []);
    if (added.success) people.push(...added.data);
  }
  for (const person of people) {
    if (person.id === botId) continue;
    const target = { kind: "user" as const, id: person.aadObjectId ?? person.id };
    const existing = parseStoredReference(await refs.get(workspaceId, target));
    if (existing?.conversation?.conversationType === "personal") continue;
    await refs.save(workspaceId, target, { ...channelRef, user: toJson(person) });
  }
}
