import { z } from "zod";
import type { ActionInbound, Actor, CommandInbound, CommandName } from "../../src/core/inbound.js";
import { COMMANDS } from "../../src/core/inbound.js";
import { decodeActionId } from "./render.js";
import { encodeRef } from "./send.js";

/** A slash command as Bolt hands it over (the form fields Slack posts). */
export const SlashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(""),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  channel_id: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  enterprise_id: z.string().optional(),
});
export type SlashCommand = z.infer<typeof SlashCommandSchema>;

const UserSchema = z.object({
  id: z.string().min(1),
  username: z.string().optional(),
  name: z.string().optional(),
  team_id: z.string().optional(),
});

const TeamSchema = z.object({ id: z.string().min(1) }).nullish();

const BlockActionSchema = z.object({
  action_id: z.string(),
  type: z.string(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

/** block_actions: a click on a button or a choice in a select of a message we posted. */
export const BlockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: UserSchema,
  team: TeamSchema,
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  container: z
    .object({
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
    })
    .optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  actions: z.array(BlockActionSchema).min(1),
});
export type BlockActions = z.infer<typeof BlockActionsSchema>;

const ViewStateValueSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_channel: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

/** view_submission: a modal we opened was submitted. */
export const ViewSubmissionSchema = z.object({
  type: z.literal("view_submission"),
  user: UserSchema,
  team: TeamSchema,
  trigger_id: z.string().optional(),
  view: z.object({
    id: z.string().optional(),
    callback_id: z.string(),
    private_metadata: z.string().default(""),
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), ViewStateValueSchema)),
    }),
  }),
});
export type ViewSubmission = z.infer<typeof ViewSubmissionSchema>;

/** app_home_opened, inside the Events API envelope. */
export const AppHomeOpenedSchema = z.object({
  team_id: z.string().min(1),
  event_id: z.string().optional(),
  event: z.object({
    type: z.literal("app_home_opened"),
    user: z.string().min(1),
    tab: z.string().optional(),
  }),
});

export function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/**
 * Slack escapes `&`, `<` and `>` in command text; mentions and channels arrive as `<@U123|ana>` and
 * `<#C1|pmo>`, which is already the canonical form, so only the entities are decoded.
 */
export function decodeCommandText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
}

export function commandActor(command: SlashCommand): Actor {
  return {
    platform: "slack",
    workspaceId: command.team_id,
    userId: command.user_id,
    ...(command.user_name ? { displayName: command.user_name } : {}),
  };
}

export function commandInbound(command: SlashCommand): CommandInbound | undefined {
  const name = command.command.replace(/^\//, "").toLowerCase();
  if (!isCommandName(name)) return undefined;
  return {
    kind: "command",
    actor: commandActor(command),
    command: name,
    text: decodeCommandText(command.text),
    ...(command.channel_id ? { channelId: command.channel_id } : {}),
  };
}

/** The workspace of an interaction: the team, or the user's team for org-wide (Enterprise Grid) apps. */
export function interactionActor(payload: {
  user: z.infer<typeof UserSchema>;
  team?: { id: string } | null;
}) {
  const workspaceId = payload.team?.id ?? payload.user.team_id;
  if (!workspaceId) return undefined;
  const displayName = payload.user.name ?? payload.user.username;
  const actor: Actor = {
    platform: "slack",
    workspaceId,
    userId: payload.user.id,
    ...(displayName ? { displayName } : {}),
  };
  return actor;
}

/**
 * Where the clicked message lives, as our opaque ref. An ephemeral message (e.g. `/checkin`'s
 * answer) gets one too, so the core answers with `replace`; the reply then goes through the
 * response_url, the only way Slack lets an ephemeral message be replaced.
 */
export function clickedMessageRef(payload: BlockActions): string | undefined {
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const ts = payload.container?.message_ts ?? payload.message?.ts;
  return channel && ts ? encodeRef(channel, ts) : undefined;
}

export function actionInbound(payload: BlockActions, actor: Actor, index = 0): ActionInbound | undefined {
  const action = payload.actions[index];
  if (!action) return undefined;
  const value = action.selected_option?.value ?? action.value;
  if (value === undefined) return undefined;
  const messageRef = clickedMessageRef(payload);
  return {
    kind: "action",
    actor,
    actionId: decodeActionId(action.action_id),
    value,
    ...(messageRef ? { messageRef } : {}),
  };
}

/** A flat view of a submitted modal: block id → the one value its input holds. */
export function viewValues(view: ViewSubmission["view"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state.values)) {
    for (const input of Object.values(actions)) {
      const value =
        input.value ??
        input.selected_user ??
        input.selected_conversation ??
        input.selected_channel ??
        input.selected_option?.value;
      if (value) out[blockId] = value;
    }
  }
  return out;
}
