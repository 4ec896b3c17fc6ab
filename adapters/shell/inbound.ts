import { COMMANDS, type CommandName } from "../../src/core/inbound.js";

/** `@ana` → `<@ana|ana>`, `#pmo` → `<#pmo|pmo>`: the canonical mention form the core reads. */
export function toCanonicalMentions(text: string): string {
  return text
    .replace(/(^|[\s(])@([\p{L}\p{N}._-]+)/gu, (_m, pre: string, name: string) => `${pre}<@${name}|${name}>`)
    .replace(/(^|[\s(])#([\p{L}\p{N}._-]+)/gu, (_m, pre: string, name: string) => `${pre}<#${name}|${name}>`);
}

/** `/stage churn poc` or `stage churn poc` → { command, text }; undefined when it is not a command. */
export function parseCommandLine(line: string): { command: CommandName; text: string } | undefined {
  const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(line.trim());
  const word = m?.[1]?.toLowerCase();
  if (!word || !(COMMANDS as readonly string[]).includes(word)) return undefined;
  return { command: word as CommandName, text: toCanonicalMentions(m?.[2] ?? "") };
}
