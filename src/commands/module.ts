import type { ActionInbound, CommandName, Reply } from "../core/inbound.js";
import type { CommandContext } from "./context.js";
import type { ParsedArgs } from "./tokenize.js";

export type SubHandler = (ctx: CommandContext, args: ParsedArgs) => Promise<Reply[]>;
export type ActionHandler = (ctx: CommandContext, action: ActionInbound) => Promise<Reply[]>;

/** Lines of `/pulse help` under one heading (sections of several modules with one heading are merged). */
export interface HelpSection {
  heading: string;
  lines: readonly string[];
  /** These lines are also the usage shown when that command is misused. */
  usage?: CommandName;
}

/**
 * What one feature adds to the command language: its slash commands, its `/pulse <verb>`
 * sub-commands (given the words after the verb), the buttons it answers, and its lines of help.
 * The dispatcher and `/pulse help` are built from the list of these.
 */
export interface FeatureModule {
  name: string;
  commands?: Partial<Record<CommandName, SubHandler>>;
  pulse?: Readonly<Record<string, SubHandler>>;
  actions?: Readonly<Record<string, ActionHandler>>;
  help?: readonly HelpSection[];
}
