import { PulseError } from "../core/errors.js";
import { formatCadence, parseCadence } from "../schedule/cadence.js";
import type { ParsedArgs } from "./tokenize.js";
import { parseChannel } from "./tokenize.js";

export const MAX_NAME = 80;
export const MAX_TEXT = 2_000;

export function validateName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (!name)
    throw new PulseError("invalid", "The initiative needs a name.", [
      "`/initiative add Churn model --sponsor @ana --lead @bo`",
    ]);
  if (name.length > MAX_NAME) {
    throw new PulseError(
      "invalid",
      `That name is ${name.length} characters; keep it to ${MAX_NAME} or fewer.`,
    );
  }
  if (/<[@#]/.test(name)) {
    throw new PulseError("invalid", "The name contains a mention. Put people after --sponsor and --lead.", [
      "`/initiative add Churn model --sponsor @ana --lead @bo`",
    ]);
  }
  return name;
}

export function validateText(raw: string, what: string): string {
  const text = raw.trim();
  if (!text) throw new PulseError("invalid", `${what} is empty.`);
  if (text.length > MAX_TEXT)
    throw new PulseError("invalid", `${what} is ${text.length} characters; the limit is ${MAX_TEXT}.`);
  return text;
}

/** Normalised cadence text; PulseError with the accepted forms when it does not parse. */
export function validateCadence(raw: string): string {
  return formatCadence(parseCadence(raw));
}

export function parseChannelRef(raw: string): string {
  const channel = parseChannel(raw.trim());
  if (!channel) throw new PulseError("invalid", `"${raw}" is not a channel. Mention it, like #ai-pmo.`);
  return channel.id;
}

export function checkFlags(args: ParsedArgs, allowed: string[], usage: string): void {
  const unknown = [...args.flags.keys()].filter((f) => !allowed.includes(f));
  if (unknown.length) {
    throw new PulseError("usage", `Unknown option ${unknown.map((f) => `--${f}`).join(", ")}.`, [usage]);
  }
  if (args.repeated.length) {
    throw new PulseError("usage", `--${args.repeated[0]} is given twice; give it once.`, [usage]);
  }
}
