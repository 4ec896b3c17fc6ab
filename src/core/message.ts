/**
 * The platform-neutral message model. The core builds these; each adapter renders them
 * (Block Kit for Slack, Adaptive Cards for Teams, plain text for the shell).
 *
 * Text uses a tiny markup every renderer understands: `**bold**`, `_italic_`, and links
 * given as {@link Link} objects rather than inline syntax, so no renderer has to parse URLs.
 */
import type { Chart } from "./chart.js";

export type { Chart };

export type Tone = "info" | "success" | "warning" | "danger";

export interface Link {
  label: string;
  url: string;
}

export interface Field {
  label: string;
  value: string;
}

/** A button. `actionId` is stable across releases; `value` carries what the click refers to. */
export interface Button {
  kind: "button";
  actionId: string;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

/** A single-choice select (e.g. confidence 1–5). */
export interface Select {
  kind: "select";
  actionId: string;
  placeholder: string;
  /** Shared by every option; the chosen option's value is appended by the adapter's routing. */
  options: { label: string; value: string }[];
  selected?: string;
}

/** A free-text input (e.g. "what do you need?"); adapters without inline inputs may open a dialog. */
export interface TextInput {
  kind: "text";
  actionId: string;
  label: string;
  placeholder?: string;
  multiline?: boolean;
  value?: string;
  /** Identifies what the text belongs to (e.g. a check-in id). */
  ref: string;
  /** Where the input opens in a dialog (Slack), the label of the button that opens it. */
  opener?: string;
}

export type Control = Button | Select | TextInput;

export interface Section {
  heading?: string;
  text?: string;
  /** Bulleted lines. */
  lines?: string[];
  fields?: Field[];
  /**
   * A chart, drawn the platform's own way (an image, text bars). Renderers always also show
   * `chart.summary`, so a client that cannot show the picture still says what it shows.
   */
  chart?: Chart;
  links?: Link[];
  /** Interactive controls shown under this section (one row). */
  controls?: Control[];
  /**
   * When set, the controls are the inputs of one form. Platforms whose controls act on each
   * tap (Slack) send one action per control: `{ actionId: control.actionId, value }`. Platforms
   * with card forms (Teams) render inputs plus one submit button that sends
   * `{ actionId: form.submitActionId, value: form.ref, inputs: { [control.actionId]: chosen value } }`.
   */
  form?: { ref: string; submitActionId: string; submitLabel: string };
}

export interface Message {
  title?: string;
  /** One-line summary used as notification text and as the plain fallback's first line. */
  summary: string;
  tone?: Tone;
  sections: Section[];
  /** Small print at the bottom (dates, hints). */
  context?: string;
}

export function message(summary: string, sections: Section[] = [], extra: Partial<Message> = {}): Message {
  return { summary, sections, ...extra };
}

/** A short textual message: one section of text. */
export function textMessage(text: string, tone?: Tone): Message {
  const firstLine = text.split("\n", 1)[0] ?? text;
  return { summary: firstLine, sections: [{ text }], ...(tone ? { tone } : {}) };
}

/** Strip the neutral markup to plain text (used by fallbacks and the shell). */
export function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, "$1").replace(/(^|\W)_(.+?)_(?=\W|$)/g, "$1$2");
}
