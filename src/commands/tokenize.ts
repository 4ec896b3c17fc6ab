import type { CommandParts } from "../core/inbound.js";

/**
 * Splits command text into words and `--flags`. Quotes ("…", '…', “…”) group words; a flag's value
 * is every word up to the next flag, so `--force pilot data not ready` needs no quotes.
 */
export interface ParsedArgs {
  /** Words before the first flag. */
  words: string[];
  /** Flag name (lower-case, without dashes) → its words joined by a space ("" when none). */
  flags: Map<string, string>;
  /** Flags given more than once, for a clear error. */
  repeated: string[];
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»" };

/** Teams display names have spaces: a canonical `<@ID|Jane Doe>` mention must stay one word. */
const MENTION = /<[@#][^<>\s|]+\|[^<>]*>/g;
const HELD_SPACE = "\u0000";

export function splitWords(text: string): string[] {
  const held = text.replace(MENTION, (m) => m.replace(/\s/g, HELD_SPACE));
  return splitHeld(held).map((w) => w.replaceAll(HELD_SPACE, " "));
}

function splitHeld(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let closing: string | null = null;
  let quoted = false;
  for (const ch of text) {
    if (closing) {
      if (ch === closing) closing = null;
      else current += ch;
    } else if (QUOTES[ch] && current === "") {
      closing = QUOTES[ch] ?? null;
      quoted = true;
    } else if (/\s/.test(ch)) {
      if (current !== "" || quoted) words.push(current);
      current = "";
      quoted = false;
    } else {
      current += ch;
    }
  }
  if (current !== "" || quoted) words.push(current);
  return words;
}

/** Slack and phones turn `--` into an em or en dash; accept those too. */
function flagName(word: string): string | undefined {
  const m = /^(?:--|—|–)([a-z][a-z-]*)$/i.exec(word);
  return m?.[1]?.toLowerCase();
}

export function parseArgs(text: string): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string>();
  const repeated: string[] = [];
  let flag: string | undefined;
  let value: string[] = [];
  const close = () => {
    if (flag === undefined) return;
    if (flags.has(flag)) repeated.push(flag);
    flags.set(flag, value.join(" "));
  };
  for (const word of splitWords(text)) {
    const name = flagName(word);
    if (name) {
      close();
      flag = name;
      value = [];
    } else if (flag !== undefined) value.push(word);
    else words.push(word);
  }
  close();
  return { words, flags, repeated };
}

/** A command given in parts (a form): taken as it is, so text in a field can never become a flag. */
export function argsFromParts(parts: CommandParts): ParsedArgs {
  return { words: [...parts.words], flags: new Map(Object.entries(parts.flags)), repeated: [] };
}

/** `<@U123>` / `<@U123|ana>` → { id, name }. */
export function parseMention(word: string): { id: string; name?: string } | undefined {
  const m = /^<@([^|>\s]+)(?:\|([^>]*))?>$/.exec(word.trim());
  if (!m?.[1]) return undefined;
  return m[2] ? { id: m[1], name: m[2] } : { id: m[1] };
}

/** `<#C123>` / `<#C123|pmo>` → { id, name }. */
export function parseChannel(word: string): { id: string; name?: string } | undefined {
  const m = /^<#([^|>\s]+)(?:\|([^>]*))?>$/.exec(word.trim());
  if (!m?.[1]) return undefined;
  return m[2] ? { id: m[1], name: m[2] } : { id: m[1] };
}
