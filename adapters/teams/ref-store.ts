import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { Target } from "../../src/core/platform.js";

/**
 * Where the adapter keeps the conversation reference of every person and channel it meets, so
 * scheduled messages can be delivered proactively after a restart. References are plain JSON.
 */
export interface ConversationRefStore {
  save(workspaceId: string, target: Target, reference: Record<string, unknown>): Promise<void>;
  get(workspaceId: string, target: Target): Promise<Record<string, unknown> | undefined>;
  /** The reference of any person or channel whose conversation has this id (to update a message). */
  findByConversation(
    workspaceId: string,
    conversationId: string,
  ): Promise<Record<string, unknown> | undefined>;
  /** Ids of the people or channels that can be reached (for "has not installed the bot" reports). */
  list?(workspaceId: string, kind: Target["kind"]): Promise<string[]>;
}

const AccountSchema = z.looseObject({ id: z.string(), name: z.string().optional() });

/** What a stored reference must hold for `continueConversationAsync` to work. */
export const StoredReferenceSchema = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.url(),
  conversation: z.looseObject({ id: z.string() }),
  bot: AccountSchema.optional(),
  user: AccountSchema.optional(),
});
export type StoredReference = z.infer<typeof StoredReferenceSchema>;

/** Parses a stored reference; undefined when it is unusable (treated like no reference). */
export function parseStoredReference(value: unknown): Partial<ConversationReference> | undefined {
  const parsed = StoredReferenceSchema.safeParse(value);
  if (!parsed.success) return undefined;
  // Drop the activity id: a continuation must start a new message, not reply to an old one.
  const { activityId: _ignored, ...reference } = parsed.data as StoredReference & { activityId?: unknown };
  return reference as unknown as Partial<ConversationReference>;
}
