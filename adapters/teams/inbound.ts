import { z } from "zod";
import type { ActionInbound, Actor, CommandInbound, CommandName } from "../../src/core/inbound.js";
import { COMMANDS } from "../../src/core/inbound.js";
import { encodeMessageRef } from "./message-ref.js";

const AccountSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

const MentionSchema = z.looseObject({
  type: z.literal("mention"),
  text: z.string().optional(),
  mentioned: AccountSchema,
});

/** The parts of a Teams activity the adapter reads; everything else is ignored. */
export const TeamsActivitySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  channelId: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  localTimezone: z.string().optional(),
  from: AccountSchema.optional(),
  recipient: AccountSchema.optional(),
  conversation: z.looseObject({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
  }),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string() }).optional(),
      channel: z.looseObject({ id: z.string() }).optional(),
    })
    .optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() })).optional(),
});
export type TeamsActivity = z.infer<typeof TeamsActivitySchema>;

/** The workspace: the Teams tenant. The Bot Framework Emulator has none and gets its own. */
export function tenantOf(activity: TeamsActivity): string | undefined {
  const tenant = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
  return tenant ?? (activity.channelId === "emulator" ? "emulator" : undefined);
}

export function isPersonal(activity: TeamsActivity): boolean {
  return (activity.conversation.conversationType ?? "personal") === "personal";
}

/** A channel thread's conversation id carries `;messageid=…`; the channel is what came before. */
export function channelIdOf(activity: TeamsActivity): string {
  return activity.channelData?.channel?.id ?? activity.conversation.id.split(";messageid=")[0]!;
}

function timezoneOf(activity: TeamsActivity): string | undefined {
  if (activity.localTimezone) return activity.localTimezone;
  for (const entity of activity.entities ?? []) {
    if (entity.type === "clientInfo" && typeof entity.timezone === "string") return entity.timezone;
  }
  return undefined;
}

/** Who acted: AAD object id (stable across chats) and tenant; undefined outside a tenant. */
export function actorOf(activity: TeamsActivity): Actor | undefined {
  const workspaceId = tenantOf(activity);
  const from = activity.from;
  if (!workspaceId || !from) return undefined;
  const tz = timezoneOf(activity);
  return {
    platform: "teams",
    workspaceId,
    userId: from.aadObjectId ?? from.id,
    ...(from.name ? { displayName: from.name } : {}),
    ...(tz ? { tz } : {}),
  };
}

/** Resolves a Teams member id (`29:…`) to an AAD object id when a mention lacks one. */
export type MentionResolver = (memberId: string) => Promise<string | undefined>;

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  "#39": "'",
};

function cleanName(name: string): string {
  return name.replace(/[|<>]/g, "").trim();
}

/**
 * Teams splits a mention of "Jane Doe" into `<at>Jane</at> <at>Doe</at>`, two entities with one
 * id (each named "Jane Doe", or each part): rejoin them into one mention.
 */
function mergeSplitMentions(text: string): string {
  const split = /<([@#])([^>|]+)\|([^>]+)>\s+<\1\2\|([^>]+)>/;
  let result = text;
  while (split.test(result)) {
    result = result.replace(split, (_m, sigil: string, id: string, a: string, b: string) =>
      a === b ? `<${sigil}${id}|${a}>` : `<${sigil}${id}|${a} ${b}>`,
    );
  }
  return result;
}

/**
 * The typed text with the bot's mention removed and people's and channels' mentions in canonical
 * form (`<@AADID|Name>`, `<#CHANNELID|Name>`), HTML stripped and entities decoded.
 */
export async function canonicalText(activity: TeamsActivity, resolve: MentionResolver): Promise<string> {
  let text = activity.text ?? "";
  const botId = activity.recipient?.id;
  for (const raw of activity.entities ?? []) {
    const parsed = MentionSchema.safeParse(raw);
    if (!parsed.success) continue;
    const { mentioned } = parsed.data;
    const tag = parsed.data.text ?? `<at>${mentioned.name ?? ""}</at>`;
    if (!text.includes(tag)) continue;
    let replacement = " ";
    if (mentioned.id !== botId) {
      const name = cleanName(mentioned.name ?? tag.replace(/<\/?at>/g, ""));
      if (mentioned.id.startsWith("19:")) replacement = `<#${mentioned.id}|${name}>`;
      else {
        const id = mentioned.aadObjectId ?? (await resolve(mentioned.id)) ?? mentioned.id;
        replacement = `<@${id}|${name}>`;
      }
    }
    text = text.replace(tag, replacement);
  }
  text = text
    .replace(/<at>[^<]*<\/at>/g, " ")
    .replace(/<\/?[a-z][^>]*>/gi, " ")
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => ENTITIES[name] ?? " ");
  return mergeSplitMentions(text.replace(/[ \t\u00a0]+/g, " ").trim());
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

/**
 * A typed message → the core's command. Anything that is not one of the command words (including
 * an empty message or "help") is answered with `pulse help`.
 */
export async function commandFromMessage(
  activity: TeamsActivity,
  actor: Actor,
  resolve: MentionResolver,
): Promise<CommandInbound> {
  const text = (await canonicalText(activity, resolve)).replace(/^\//, "");
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  const word = match?.[1]?.toLowerCase() ?? "";
  const channelId = isPersonal(activity) ? undefined : channelIdOf(activity);
  const base = { kind: "command" as const, actor, ...(channelId ? { channelId } : {}) };
  if (!isCommand(word)) return { ...base, command: "pulse", text: "help" };
  return { ...base, command: word, text: match?.[2]?.trim() ?? "" };
}

/** What a card action carries, from Action.Submit (`value`) or Action.Execute (`value.action.data`). */
const CardDataSchema = z.record(z.string(), z.unknown());

export function messageRefOf(activity: TeamsActivity): string | undefined {
  return activity.replyToId ? encodeMessageRef(activity.conversation.id, activity.replyToId) : undefined;
}

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Card data → the core's action: inputs of the submitted form are picked by their `i<form>_` prefix. */
export function actionFromCardData(
  verb: string,
  rawData: unknown,
  actor: Actor,
  messageRef: string | undefined,
): ActionInbound | undefined {
  const data = CardDataSchema.safeParse(rawData ?? {});
  if (!data.success || !verb) return undefined;
  const form = asString(data.data.form);
  const inputs: Record<string, string> = {};
  if (form !== undefined) {
    const prefix = `i${form}_`;
    for (const [key, value] of Object.entries(data.data)) {
      const text = asString(value);
      if (key.startsWith(prefix) && text !== undefined && text !== "")
        inputs[key.slice(prefix.length)] = text;
    }
  }
  const pick = asString(data.data.pick);
  const value = pick ? (inputs[pick] ?? "") : (asString(data.data.value) ?? "");
  return {
    kind: "action",
    actor,
    actionId: verb,
    value,
    ...(Object.keys(inputs).length > 0 && !pick ? { inputs } : {}),
    ...(messageRef ? { messageRef } : {}),
  };
}

const ExecuteValueSchema = z.looseObject({
  action: z.looseObject({ type: z.string().optional(), verb: z.string(), data: z.unknown().optional() }),
});

/** `invoke` named `adaptiveCard/action` (Universal Actions): cards sent before taps became messageBack. */
export function actionFromInvoke(activity: TeamsActivity, actor: Actor): ActionInbound | undefined {
  const parsed = ExecuteValueSchema.safeParse(activity.value);
  if (!parsed.success) return undefined;
  return actionFromCardData(parsed.data.action.verb, parsed.data.action.data, actor, messageRefOf(activity));
}

const MessageBackSchema = z.looseObject({ type: z.literal("messageBack"), value: z.unknown().optional() });

function parseJsonRecord(text: string): Record<string, unknown> | undefined {
  try {
    const data = CardDataSchema.safeParse(JSON.parse(text));
    return data.success ? data.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The payload of an Action.Submit message, wherever the client put it: the merged data and inputs
 * (plain submit), the messageBack's `value` as an object or as the JSON string we sent, or, from
 * clients that forward the data untouched, inside `msteams.value`.
 */
export function submitPayload(value: unknown): Record<string, unknown> | undefined {
  const data = typeof value === "string" ? parseJsonRecord(value) : CardDataSchema.safeParse(value).data;
  if (!data || asString(data.verb)) return data;
  const inner = MessageBackSchema.safeParse(data.msteams).data?.value;
  const payload = typeof inner === "string" ? parseJsonRecord(inner) : CardDataSchema.safeParse(inner).data;
  return payload ? { ...data, ...payload } : data;
}

/** A message whose `value` is an Action.Submit payload (a form's submit or a messageBack tap). */
export function actionFromSubmit(activity: TeamsActivity, actor: Actor): ActionInbound | undefined {
  const data = submitPayload(activity.value);
  const verb = asString(data?.verb);
  return verb ? actionFromCardData(verb, data, actor, messageRefOf(activity)) : undefined;
}
