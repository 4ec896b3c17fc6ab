import { type CommandContext, resolveContext } from "../commands/context.js";
import { helpMessage, usageOf } from "../commands/help.js";
import { ephemeral } from "../commands/replies.js";
import { type ParsedArgs, parseArgs } from "../commands/tokenize.js";
import { isPulseError, PulseError } from "../core/errors.js";
import type { ActionInbound, CommandInbound, CommandName, Reply } from "../core/inbound.js";
import { message, textMessage } from "../core/message.js";
import { initiativeCommands } from "../portfolio/initiative.js";
import { setDetail } from "../portfolio/initiative-set.js";
import { adminCommand, channelCommand } from "../portfolio/pulse-admin.js";
import { stageCommand } from "../portfolio/stage.js";
import type { CoreDeps } from "../ports/deps.js";

export type SubHandler = (ctx: CommandContext, args: ParsedArgs) => Promise<Reply[]>;

/** Extra sub-commands and actions contributed by the check-in, digest and escalation modules. */
export interface Extensions {
  commands?: Partial<Record<CommandName, SubHandler>>;
  pulse?: Record<string, SubHandler>;
  actions?: Record<string, (ctx: CommandContext, action: ActionInbound) => Promise<Reply[]>>;
}

const MAX_TEXT = 4_000;

/** A handler by name from a lookup table, never from Object.prototype ("constructor", "toString"). */
function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Combines the extensions of several modules (later ones win on a clash, which tests rule out). */
export function mergeExtensions(...list: Extensions[]): Extensions {
  return {
    commands: Object.assign({}, ...list.map((e) => e.commands ?? {})),
    pulse: Object.assign({}, ...list.map((e) => e.pulse ?? {})),
    actions: Object.assign({}, ...list.map((e) => e.actions ?? {})),
  };
}

function initiativeRouter(): SubHandler {
  return async (ctx, args) => {
    const [verb, ...rest] = args.words;
    const sub = { ...args, words: rest };
    switch (verb?.toLowerCase()) {
      case "add":
        return initiativeCommands.add(ctx, sub);
      case "list":
      case "ls":
        return initiativeCommands.list(ctx);
      case "show":
        return initiativeCommands.show(ctx, sub);
      case "set":
        return setDetail(ctx, sub);
      case "pause":
        return initiativeCommands.setStatus(ctx, sub, "paused", "pause");
      case "resume":
        return initiativeCommands.setStatus(ctx, sub, "active", "resume");
      case "close":
        return initiativeCommands.setStatus(ctx, sub, "closed", "close");
      default:
        throw new PulseError(
          "usage",
          verb ? `Unknown sub-command "${verb}".` : "What should I do?",
          usageOf("initiative"),
        );
    }
  };
}

function pulseRouter(extra: Record<string, SubHandler>): SubHandler {
  return async (ctx, args) => {
    const verb = args.words[0]?.toLowerCase();
    if (verb === undefined || verb === "help") return [ephemeral(helpMessage())];
    if (verb === "admin" || verb === "admins") return adminCommand(ctx, args);
    if (verb === "channel") return channelCommand(ctx, args);
    const handler = own(extra, verb);
    if (handler) return handler(ctx, { ...args, words: args.words.slice(1) });
    throw new PulseError("usage", `Unknown sub-command "${verb}".`, usageOf("pulse"));
  };
}

/** Turns an error into the sentence the person sees; unexpected errors are logged, never shown. */
export function errorReply(deps: CoreDeps, error: unknown, context: Record<string, unknown>): Reply {
  if (isPulseError(error)) {
    const msg = textMessage(
      error.message,
      error.code === "forbidden" || error.code === "gate" ? "warning" : "danger",
    );
    if (error.details.length) msg.sections.push({ lines: error.details });
    return ephemeral(msg);
  }
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  if (code === "SQLITE_BUSY" || code === "SQLITE_FULL" || code === "SQLITE_IOERR") {
    deps.logger.error("storage unavailable", { ...context, code });
    return ephemeral(
      textMessage(
        "I could not save that just now (storage is busy or full). Nothing was changed; please try again in a minute.",
        "danger",
      ),
    );
  }
  deps.logger.error("command failed", {
    ...context,
    error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  return ephemeral(
    textMessage(
      "Something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell your PMO.",
      "danger",
    ),
  );
}

export function createDispatcher(deps: CoreDeps, extensions: Extensions = {}) {
  const routers: Record<CommandName, SubHandler> = {
    initiative: initiativeRouter(),
    stage: stageCommand,
    pulse: pulseRouter(extensions.pulse ?? {}),
    checkin: extensions.commands?.checkin ?? notAvailable("checkin"),
    ask: extensions.commands?.ask ?? notAvailable("ask"),
  };

  async function command(inbound: CommandInbound): Promise<Reply[]> {
    if (inbound.text.length > MAX_TEXT) {
      throw new PulseError(
        "invalid",
        `That command is ${inbound.text.length} characters long; keep it under ${MAX_TEXT}.`,
      );
    }
    const ctx = await resolveContext(deps, inbound.actor, inbound.channelId);
    const router = own(routers, inbound.command);
    if (!router) throw new PulseError("usage", `Unknown command "/${inbound.command}".`, usageOf("pulse"));
    return router(ctx, parseArgs(inbound.text));
  }

  async function action(inbound: ActionInbound): Promise<Reply[]> {
    const handler = own(extensions.actions, inbound.actionId);
    if (!handler) {
      deps.logger.warn("unknown action", { actionId: inbound.actionId });
      return [ephemeral(message("That button is no longer supported. Use `/checkin` or `/pulse help`.", []))];
    }
    const ctx = await resolveContext(deps, inbound.actor);
    return handler(ctx, inbound);
  }

  return { command, action };
}

function notAvailable(command: CommandName): SubHandler {
  return async () => {
    throw new PulseError("usage", `/${command} is not enabled in this installation.`, usageOf(command));
  };
}
