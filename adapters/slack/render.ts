import { z } from "zod";
import type { Control, Message, Section, TextInput } from "../../src/core/message.js";
import { plain } from "../../src/core/message.js";
import { fitMessage } from "../../src/core/message-fit.js";

/** A Block Kit block (or element); kept loose on purpose: Slack validates the details. */
export type Block = { type: string; block_id?: string } & Record<string, unknown>;

export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

/** Slack rejects messages with more than 50 blocks (100 in views). */
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_TEXT = 3000;
const MAX_FIELDS = 10;
const MAX_FIELD_TEXT = 2000;

/** The action_id of the "Add a note" button; its value carries the TextInput (see {@link NoteRequest}). */
export const NOTE_ACTION_ID = "pulse.slack.note";

/**
 * Slack wants action_ids unique within a block, but the core reuses one actionId for a row of
 * buttons (one per choice); a `~n` suffix keeps them unique and is stripped on the way back.
 */
export function encodeActionId(actionId: string, index: number): string {
  return `${actionId}~${index}`;
}

export function decodeActionId(actionId: string): string {
  return actionId.replace(/~\d+$/, "");
}

const TONE_EMOJI = {
  info: "",
  success: ":white_check_mark: ",
  warning: ":warning: ",
  danger: ":rotating_light: ",
};

/** Canonical mentions stay as Slack syntax; everything else is escaped so user text cannot inject links. */
const MENTION = /<[@#][A-Z0-9]+(?:\|[^<>]*)?>/g;

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Neutral markup → Slack mrkdwn: `**bold**` → `*bold*`; `_italic_` is already Slack's. */
export function toMrkdwn(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    out += escapeText(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  out += escapeText(text.slice(last));
  return out.replace(/\*\*(.+?)\*\*/g, "*$1*");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function mrkdwn(text: string, max = MAX_TEXT): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: clip(toMrkdwn(text), max) };
}

/** Bulleted lines in as few section texts as fit Slack's 3,000 characters, cut between lines. */
function lineChunks(lines: string[]): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of lines.map((l) => `• ${l}`)) {
    const next = current ? `${current}\n${line}` : line;
    if (current && toMrkdwn(next).length > MAX_TEXT) {
      chunks.push(current);
      current = line;
    } else current = next;
  }
  if (current) chunks.push(current);
  return chunks;
}

function plainText(text: string, max = 75): { type: "plain_text"; text: string; emoji: true } {
  return { type: "plain_text", text: clip(plain(text), max) || " ", emoji: true };
}

/** What the "Add a note" button carries so a click can open the modal without any stored state. */
export const NoteRequestSchema = z.object({
  actionId: z.string().min(1),
  ref: z.string(),
  label: z.string(),
  placeholder: z.string().optional(),
  multiline: z.boolean().optional(),
  /** The note already recorded, shown for editing. */
  value: z.string().optional(),
});
export type NoteRequest = z.infer<typeof NoteRequestSchema>;

/** Slack caps a button value at 2,000 characters; a long current note is left for the modal to lose. */
function noteValue(input: TextInput): string {
  const note: NoteRequest = {
    actionId: input.actionId,
    ref: input.ref,
    label: input.label,
    ...(input.placeholder ? { placeholder: input.placeholder } : {}),
    ...(input.multiline ? { multiline: true } : {}),
  };
  const withValue = JSON.stringify({ ...note, ...(input.value ? { value: input.value } : {}) });
  return withValue.length <= 2000 ? withValue : JSON.stringify(note);
}

function renderControl(control: Control, index: number): Block {
  switch (control.kind) {
    case "button":
      return {
        type: "button",
        action_id: encodeActionId(control.actionId, index),
        text: plainText(control.label),
        value: clip(control.value, 2000),
        ...(control.style ? { style: control.style } : {}),
      };
    case "select": {
      const options = control.options
        .slice(0, 100)
        .map((o) => ({ text: plainText(o.label), value: o.value }));
      const initial = options.find((o) => o.value === control.selected);
      return {
        type: "static_select",
        action_id: encodeActionId(control.actionId, index),
        placeholder: plainText(control.placeholder, 150),
        options,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case "text":
      return {
        type: "button",
        action_id: encodeActionId(NOTE_ACTION_ID, index),
        text: plainText(control.opener ?? "Add a note"),
        value: noteValue(control),
      };
  }
}

/** Headings and labels are bold as a whole; bold inside them would nest, which Slack cannot show. */
function bold(text: string): string {
  return `**${text.replace(/\*\*/g, "")}**`;
}

function renderSection(section: Section, index: number): Block[] {
  const blocks: Block[] = [];
  const body = [section.heading ? bold(section.heading) : "", section.text ?? ""].filter(Boolean).join("\n");
  if (body) blocks.push({ type: "section", text: mrkdwn(body) });
  for (const chunk of lineChunks(section.lines ?? [])) blocks.push({ type: "section", text: mrkdwn(chunk) });
  const fields = section.fields ?? [];
  for (let i = 0; i < fields.length; i += MAX_FIELDS) {
    blocks.push({
      type: "section",
      fields: fields
        .slice(i, i + MAX_FIELDS)
        .map((f) => mrkdwn(`${bold(f.label)}\n${f.value}`, MAX_FIELD_TEXT)),
    });
  }
  if (section.chart) {
    // The picture goes in the message's thread (see send.ts); the message itself says what it shows.
    blocks.push({
      type: "context",
      elements: [mrkdwn(`:bar_chart: ${section.chart.summary}`)],
    });
  }
  if (section.links?.length) {
    const links = section.links.map((l) => `<${l.url}|${escapeText(l.label)}>`).join("  ·  ");
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(links, MAX_TEXT) }] });
  }
  if (section.controls?.length) {
    blocks.push({
      type: "actions",
      block_id: `pulse-controls-${index}`,
      elements: section.controls.slice(0, 25).map(renderControl),
    });
  }
  return blocks;
}

function allBlocks(message: Message): Block[] {
  const blocks: Block[] = [];
  const emoji = TONE_EMOJI[message.tone ?? "info"];
  if (message.title) blocks.push({ type: "header", text: plainText(`${emoji}${message.title}`, 150) });
  else if (emoji) blocks.push({ type: "section", text: mrkdwn(`${emoji}${message.summary}`) });
  message.sections.forEach((section, i) => {
    blocks.push(...renderSection(section, i));
  });
  if (message.context) blocks.push({ type: "context", elements: [mrkdwn(message.context)] });
  return blocks;
}

function renderBlocks(message: Message, max: number): Block[] {
  // Whole sections are left out, and said so, rather than have Slack reject the whole message.
  const fitted = fitMessage(
    message,
    (m) => allBlocks(m).length <= max,
    (n) => `…and ${n} more not shown: Slack shows ${max} blocks at most.`,
  );
  const blocks = allBlocks(fitted);
  if (blocks.length <= max) return blocks;
  // A title and context that alone overflow: keep the head and say what was cut.
  return [
    ...blocks.slice(0, max - 1),
    { type: "context", elements: [mrkdwn(`…and ${blocks.length - max + 1} more`)] },
  ];
}

function controlText(control: Control): string {
  if (control.kind === "button") return control.label;
  if (control.kind === "select")
    return `${control.placeholder}: ${control.options.map((o) => o.label).join(", ")}`;
  return control.label;
}

/** The plain-text rendering: notification text, screen readers, clients without Block Kit. */
export function fallbackText(message: Message): string {
  // The summary comes first: it is what the phone notification shows.
  const out: string[] = [plain(message.summary)];
  for (const section of message.sections) {
    if (section.heading) out.push(plain(section.heading));
    if (section.text && section.text !== message.summary) out.push(plain(section.text));
    for (const line of section.lines ?? []) out.push(`• ${plain(line)}`);
    for (const field of section.fields ?? []) out.push(`${plain(field.label)}: ${plain(field.value)}`);
    if (section.chart) out.push(section.chart.summary);
    for (const link of section.links ?? []) out.push(`${link.label}: ${link.url}`);
    if (section.controls?.length) out.push(`[${section.controls.map(controlText).join("] [")}]`);
  }
  if (message.context) out.push(plain(message.context));
  return clip(out.join("\n"), 3900);
}

/** Message → Block Kit blocks plus the plain-text fallback Slack shows in notifications. */
export function renderMessage(message: Message): RenderedMessage {
  return { text: fallbackText(message), blocks: renderBlocks(message, MAX_MESSAGE_BLOCKS) };
}

/** Message → the App Home view for views.publish. */
export function renderHome(message: Message): { type: "home"; blocks: Block[] } {
  return { type: "home", blocks: renderBlocks(message, MAX_VIEW_BLOCKS) };
}
