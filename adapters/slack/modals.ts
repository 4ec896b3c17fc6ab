import { z } from "zod";
import type { CommandParts } from "../../src/core/inbound.js";
import { STAGE_NAMES, STAGES } from "../../src/domain/stages.js";
import { type Block, type NoteRequest, NoteRequestSchema } from "./render.js";

export const ADD_INITIATIVE_VIEW = "pulse.initiative_add";
export const STAGE_VIEW = "pulse.stage";
export const NOTE_VIEW = "pulse.note";

/** What a modal remembers about where it was opened (Slack hands private_metadata back on submit). */
export const ModalContextSchema = z.object({
  responseUrl: z.string().optional(),
  channelId: z.string().optional(),
  messageRef: z.string().optional(),
  replaceOriginal: z.boolean().optional(),
  note: NoteRequestSchema.optional(),
});
export type ModalContext = z.infer<typeof ModalContextSchema>;

export function parseModalContext(raw: string): ModalContext {
  try {
    const parsed = ModalContextSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const text = (t: string) => ({ type: "plain_text" as const, text: t.slice(0, 150), emoji: true });

function input(blockId: string, label: string, element: Block, optional = false): Block {
  return { type: "input", block_id: blockId, label: text(label), optional, element };
}

const stageOptions = STAGES.map((s) => ({ text: text(STAGE_NAMES[s]), value: s }));

function stageSelect(initial?: string): Block {
  const initialOption = stageOptions.find((o) => o.value === initial);
  return {
    type: "static_select",
    action_id: "v",
    placeholder: text("Choose a stage"),
    options: stageOptions,
    ...(initialOption ? { initial_option: initialOption } : {}),
  };
}

function modal(callbackId: string, title: string, submit: string, blocks: Block[], ctx: ModalContext) {
  return {
    type: "modal" as const,
    callback_id: callbackId,
    title: text(title.slice(0, 24)),
    submit: text(submit),
    close: text("Cancel"),
    private_metadata: JSON.stringify(ctx),
    blocks,
  };
}

/** `/initiative add` with no arguments: name, sponsor, lead, stage, cadence and PMO channel. */
export function addInitiativeModal(ctx: ModalContext) {
  return modal(
    ADD_INITIATIVE_VIEW,
    "New initiative",
    "Add",
    [
      input("name", "Initiative name", { type: "plain_text_input", action_id: "v", max_length: 120 }),
      input("sponsor", "Executive sponsor", { type: "users_select", action_id: "v" }),
      input("lead", "Team lead", { type: "users_select", action_id: "v" }),
      input("stage", "Stage", stageSelect("strategy")),
      input(
        "cadence",
        "Check-in cadence",
        {
          type: "static_select",
          action_id: "v",
          options: ["weekly", "biweekly", "monthly"].map((c) => ({ text: text(c), value: c })),
          initial_option: { text: text("weekly"), value: "weekly" },
        },
        true,
      ),
      input(
        "channel",
        "PMO channel",
        { type: "conversations_select", action_id: "v", filter: { include: ["public", "private"] } },
        true,
      ),
    ],
    ctx,
  );
}

/** `/stage` with no arguments: which initiative, the new stage, a note. */
export function stageModal(ctx: ModalContext) {
  return modal(
    STAGE_VIEW,
    "Update stage",
    "Update",
    [
      input("initiative", "Initiative (name or slug)", { type: "plain_text_input", action_id: "v" }),
      input("stage", "New stage", stageSelect()),
      input(
        "note",
        "Note",
        { type: "plain_text_input", action_id: "v", multiline: true, max_length: 500 },
        true,
      ),
    ],
    ctx,
  );
}

/** The "Add a note" button of a check-in: one text input. */
export function noteModal(note: NoteRequest, ctx: ModalContext) {
  return modal(
    NOTE_VIEW,
    "Add a note",
    "Save",
    [
      input("note", note.label, {
        type: "plain_text_input",
        action_id: "v",
        multiline: note.multiline ?? true,
        max_length: 1000,
        ...(note.placeholder ? { placeholder: text(note.placeholder) } : {}),
        ...(note.value ? { initial_value: note.value.slice(0, 1000) } : {}),
      }),
    ],
    // The current note is in the input already; private_metadata (3,000 chars) need not carry it twice.
    { ...ctx, note: { actionId: note.actionId, ref: note.ref, label: note.label } },
  );
}

/** One line, no control characters. */
function oneLine(value: string | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

/** A submitted form as its command: run in its parts, with the text a person would have typed for logs. */
export interface FormCommand {
  text: string;
  parts: CommandParts;
}

function formCommand(parts: CommandParts): FormCommand {
  const flags = Object.entries(parts.flags).map(([name, value]) => `--${name} ${value}`);
  return { text: [...parts.words, ...flags].join(" "), parts };
}

/** The submitted add-initiative form: `/initiative add <name> --sponsor … --lead …`. */
export function addInitiativeCommand(values: Record<string, string>): FormCommand | undefined {
  const name = oneLine(values.name);
  if (!name || !values.sponsor || !values.lead) return undefined;
  const flags: Record<string, string> = { sponsor: `<@${values.sponsor}>`, lead: `<@${values.lead}>` };
  if (values.stage) flags.stage = values.stage;
  if (values.cadence) flags.cadence = values.cadence;
  if (values.channel) flags.channel = `<#${values.channel}>`;
  return formCommand({ words: ["add", name], flags });
}

/** The submitted stage form: `/stage <initiative> <stage> [note]`; a `--force` in the note is only words. */
export function stageFormCommand(values: Record<string, string>): FormCommand | undefined {
  const initiative = oneLine(values.initiative);
  if (!initiative || !values.stage) return undefined;
  const note = oneLine(values.note);
  return formCommand({ words: [initiative, values.stage, ...(note ? [note] : [])], flags: {} });
}
