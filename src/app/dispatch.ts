import { resolveContext } from "../commands/context.js";
import type { FeatureModule, SubHandler } from "../commands/module.js";
import { ephemeral } from "../commands/replies.js";
import { argsFromParts, parseArgs } from "../commands/tokenize.js";
import { isPulseError, PulseError } from "../core/errors.js";
import type { ActionInbound, CommandInbound, CommandName, CommandParts, Reply } from "../core/inbound.js";
import { message, textMessage } from "../core/message.js";
import type { CoreDeps } from "../ports/deps.js";
import { HELP_SECTION, helpMessage } from "./help.js";
import { combineModules, type Features, usageOf } from "./modules.js";

const MAX_TEXT = 4_000;

function partsLength(parts: CommandParts): number {
  const values = [...parts.words, ...Object.keys(parts.flags), ...Object.values(parts.flags)];
  return values.reduce((sum, v) => sum + v.length + 1, 0);
}

/** A handler by name from a lookup table, never from Object.prototype ("constructor", "toString"). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `/pulse <verb>`: help itself, or the module that registered the verb (given the words after it). */
function pulseRouter(features: Features): SubHandler {
  return async (ctx, args) => {
    const verb = args.words[0]?.toLowerCase();
    if (verb === undefined || verb === "help") return [ephemeral(helpMessage(features.help))];
    const handler = own(features.pulse, verb);
    if (handler) return handler(ctx, { ...args, words: args.words.slice(1) });
    throw new PulseError("usage", `Unknown sub-command "${verb}".`, usageOf(features, "pulse"));
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

/** Routes commands and actions to the modules that registered them; `/pulse help` lists them all. */
export function createDispatcher(deps: CoreDeps, modules: readonly FeatureModule[]) {
  const features = combineModules([{ name: "help", help: [HELP_SECTION] }, ...modules]);
  const routers: Record<CommandName, SubHandler> = {
    initiative: features.commands.initiative ?? notAvailable(features, "initiative"),
    stage: features.commands.stage ?? notAvailable(features, "stage"),
    pulse: pulseRouter(features),
    checkin: features.commands.checkin ?? notAvailable(features, "checkin"),
    ask: features.commands.ask ?? notAvailable(features, "ask"),
  };

  async function command(inbound: CommandInbound): Promise<Reply[]> {
    const length = inbound.parts ? partsLength(inbound.parts) : inbound.text.length;
    if (length > MAX_TEXT) {
      throw new PulseError(
        "invalid",
        `That command is ${length} characters long; keep it under ${MAX_TEXT}.`,
      );
    }
    const ctx = await resolveContext(deps, inbound.actor, inbound.channelId);
    const router = own(routers, inbound.command);
    if (!router)
      throw new PulseError("usage", `Unknown command "/${inbound.command}".`, usageOf(features, "pulse"));
    return router(ctx, inbound.parts ? argsFromParts(inbound.parts) : parseArgs(inbound.text));
  }

  async function action(inbound: ActionInbound): Promise<Reply[]> {
    const handler = own(features.actions, inbound.actionId);
    if (!handler) {
      deps.logger.warn("unknown action", { actionId: inbound.actionId });
      return [ephemeral(message("That button is no longer supported. Use `/checkin` or `/pulse help`.", []))];
    }
    const ctx = await resolveContext(deps, inbound.actor);
    return handler(ctx, inbound);
  }

  return { command, action };
}

function notAvailable(features: Features, command: CommandName): SubHandler {
  return async () => {
    throw new PulseError(
      "usage",
      `/${command} is not enabled in this installation.`,
      usageOf(features, command),
    );
  };
}
