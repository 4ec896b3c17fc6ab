import type { Message } from "./message.js";
import type { Platform } from "./platform.js";

/** Who is speaking. Adapters fill it from their payloads; handlers never see a payload. */
export interface Actor {
  platform: Platform;
  /** Slack team id, Teams tenant id, or `local` for the shell. */
  workspaceId: string;
  /** The platform's user id (Slack `U…`, AAD object id, the shell name). */
  userId: string;
  displayName?: string;
  tz?: string;
}

export const COMMANDS = ["initiative", "stage", "checkin", "pulse", "ask"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A command already in its parts (a submitted form): no value is split or read for flags again. */
export interface CommandParts {
  /** The words before any flag, each taken whole (a name or a note with spaces is one word). */
  words: string[];
  /** Flag name (lower-case, without dashes) → its value. */
  flags: Record<string, string>;
}

/**
 * A typed command. Mentions in `text` use one canonical form, whatever the platform:
 * `<@USERID>` or `<@USERID|name>` for people, `<#CHANNELID>` or `<#CHANNELID|name>` for channels.
 */
export interface CommandInbound {
  kind: "command";
  actor: Actor;
  command: CommandName;
  text: string;
  /** Given by a form: what runs, instead of parsing `text` (then the same command, as words for logs). */
  parts?: CommandParts;
  /** Channel (or conversation) the command was typed in, when there is one. */
  channelId?: string;
}

/** A click or a form submission on a message the core built. */
export interface ActionInbound {
  kind: "action";
  actor: Actor;
  actionId: string;
  value: string;
  /** Values of inputs submitted with the action, keyed by their control's actionId. */
  inputs?: Record<string, string>;
  /** Ref of the message the action came from, when known. */
  messageRef?: string;
}

export type Inbound = CommandInbound | ActionInbound;

/**
 * `ephemeral`: only to the person who acted. `channel`: visibly in the channel the command was typed
 * in. `replace`: replaces the message the action came from (so it cannot be answered twice).
 */
export type Audience = "ephemeral" | "channel" | "replace";

export interface Reply {
  audience: Audience;
  message: Message;
}

export type InboundHandler = (inbound: Inbound) => Promise<Reply[]>;
