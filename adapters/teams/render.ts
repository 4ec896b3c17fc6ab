import { chartPng } from "../../src/charts/png.js";
import type { Chart } from "../../src/core/chart.js";
import type { Button, Control, Message, Section, Select, TextInput, Tone } from "../../src/core/message.js";
import { plain } from "../../src/core/message.js";
import { fitMessage } from "../../src/core/message-fit.js";

/** A rendered Adaptive Card (JSON). */
export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard"; version: string };
type Element = Record<string, unknown>;

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
const CARD_VERSION = "1.5";

/**
 * Teams refuses a bot message over about 100 KB counted as UTF-16 (413 MessageSizeTooBig) and advises
 * staying within 80 KB: 40,000 characters of JSON is 80 KB as UTF-16.
 */
export const CARD_BUDGET_CHARS = 40_000;

/**
 * Inputs are named `i<form>_<actionId>` and every submit carries `form: <n>`: one message may hold
 * several forms (a sponsor's check-ins for several initiatives) whose controls share action ids,
 * and Adaptive Card input ids must be unique in a card.
 */
export function inputId(form: number, actionId: string): string {
  return `i${form}_${actionId}`;
}

const TONE_COLOR: Record<Tone, string> = {
  info: "Default",
  success: "Good",
  warning: "Warning",
  danger: "Attention",
};

/** Canonical mentions become bold names: a card mention needs an id Teams may not accept. */
export function renderText(text: string): string {
  return (
    text
      .replace(/<@([^>|]+)\|([^>]+)>/g, "**$2**")
      .replace(/<@([^>|]+)>/g, "**$1**")
      .replace(/<#([^>|]+)\|([^>]+)>/g, "**#$2**")
      .replace(/<#([^>|]+)>/g, "**#$1**")
      // Card markdown has no inline code: `churn-model` shows as churn-model.
      .replace(/`([^`\n]+)`/g, "$1")
      .replace(/\r?\n/g, "\n\n")
  );
}

function textBlock(text: string, extra: Element = {}): Element {
  return { type: "TextBlock", text: renderText(text), wrap: true, ...extra };
}

/**
 * A form's submit: a plain Action.Submit, whose data the client merges with the card's inputs into
 * the message activity's `value`. Forms stay off messageBack, which has replaced a chosen choice-set
 * value with its initial one (msteams-docs issue 521).
 */
function submitAction(title: string, verb: string, data: Record<string, unknown>, style?: string): Element {
  return { type: "Action.Submit", title, data: { verb, ...data }, ...(style ? { style } : {}) };
}

/**
 * A one-tap answer: Action.Submit carrying a Teams messageBack (Action.Execute fails on Teams mobile,
 * AdaptiveCards issue 9315). No `displayText`, so nothing is echoed into the chat: the card itself is
 * updated. The payload is also kept as hidden data, since clients differ in whether they deliver
 * `msteams.value` or the merged data as the activity's `value`.
 */
function tapAction(title: string, verb: string, data: Record<string, unknown>, style?: string): Element {
  const payload = { verb, ...data };
  return {
    type: "Action.Submit",
    title,
    data: { msteams: { type: "messageBack", text: verb, value: JSON.stringify(payload) }, ...payload },
    ...(style ? { style } : {}),
  };
}

function buttonStyle(button: Button): string | undefined {
  if (button.style === "primary") return "positive";
  if (button.style === "danger") return "destructive";
  return undefined;
}

function choiceSet(id: string, choices: { label: string; value: string }[], extra: Element): Element {
  return {
    type: "Input.ChoiceSet",
    id,
    choices: choices.map((c) => ({ title: plain(c.label), value: c.value })),
    ...extra,
  };
}

function selectInput(form: number, select: Select): Element {
  return choiceSet(inputId(form, select.actionId), select.options, {
    style: "compact",
    label: select.placeholder,
    placeholder: select.placeholder,
    ...(select.selected ? { value: select.selected } : {}),
  });
}

function textInput(form: number, input: TextInput): Element {
  return {
    type: "Input.Text",
    id: inputId(form, input.actionId),
    label: input.label,
    isMultiline: input.multiline ?? false,
    ...(input.placeholder ? { placeholder: input.placeholder } : {}),
    ...(input.value ? { value: input.value } : {}),
  };
}

/** A form: buttons sharing an action id become one expanded choice set; one submit for all. */
function renderForm(index: number, section: Section, form: NonNullable<Section["form"]>): Element[] {
  const controls = section.controls ?? [];
  const elements: Element[] = [];
  const seenButtonGroups = new Set<string>();
  for (const control of controls) {
    if (control.kind === "button") {
      if (seenButtonGroups.has(control.actionId)) continue;
      seenButtonGroups.add(control.actionId);
      const group = controls.filter(
        (c): c is Button => c.kind === "button" && c.actionId === control.actionId,
      );
      elements.push(choiceSet(inputId(index, control.actionId), group, { style: "expanded" }));
    } else if (control.kind === "select") {
      elements.push(selectInput(index, control));
    } else {
      elements.push(textInput(index, control));
    }
  }
  elements.push({
    type: "ActionSet",
    actions: [
      submitAction(form.submitLabel, form.submitActionId, { value: form.ref, form: index }, "positive"),
    ],
  });
  return elements;
}

/** Loose controls act on their own: a button per action, a select with its own "OK". */
function renderControls(index: number, controls: Control[]): Element[] {
  const elements: Element[] = [];
  const actions: Element[] = [];
  for (const control of controls) {
    if (control.kind === "button") {
      actions.push(
        tapAction(control.label, control.actionId, { value: control.value }, buttonStyle(control)),
      );
    } else if (control.kind === "select") {
      elements.push(selectInput(index, control));
      actions.push(submitAction("OK", control.actionId, { value: "", form: index, pick: control.actionId }));
    } else {
      elements.push(textInput(index, control));
      actions.push(submitAction("Send", control.actionId, { value: control.ref, form: index }));
    }
  }
  if (actions.length > 0) elements.push({ type: "ActionSet", actions });
  return elements;
}

const drawn = new WeakMap<Chart, string>();

/**
 * Teams' own chart elements (Chart.VerticalBar…) are not Adaptive Cards 1.5, which is what the bot
 * sends, so a chart is an Image whose url is a data URI of the PNG (Image accepts data URIs since 1.2):
 * no hosting, nothing to fetch, and Teams does not count base64 images in its message size. The
 * summary goes above it as text and as its altText, for screen readers and clients without images.
 */
function renderChart(chart: Chart): Element[] {
  // Fitting a long card renders it once per section tried: the picture is drawn once.
  let png = drawn.get(chart);
  if (png === undefined) {
    png = Buffer.from(chartPng(chart)).toString("base64");
    drawn.set(chart, png);
  }
  return [
    textBlock(chart.summary, { isSubtle: true }),
    {
      type: "Image",
      url: `data:image/png;base64,${png}`,
      altText: chart.summary,
      size: "Stretch",
    },
  ];
}

function renderSection(section: Section, index: number): Element[] {
  const elements: Element[] = [];
  if (section.heading) {
    const heading = `**${section.heading.replace(/\*\*/g, "")}**`;
    elements.push(textBlock(heading, { spacing: "Medium" }));
  }
  if (section.text) elements.push(textBlock(section.text));
  if (section.lines?.length) {
    // Adaptive Card markdown lists are separated by \r, not by paragraph breaks.
    elements.push({
      type: "TextBlock",
      wrap: true,
      text: section.lines.map((l) => `- ${renderText(l)}`).join("\r"),
    });
  }
  if (section.fields?.length) {
    elements.push({
      type: "FactSet",
      facts: section.fields.map((f) => ({ title: plain(f.label), value: renderText(f.value) })),
    });
  }
  if (section.chart) elements.push(...renderChart(section.chart));
  if (section.links?.length) {
    elements.push({
      type: "ActionSet",
      actions: section.links.map((l) => ({ type: "Action.OpenUrl", title: l.label, url: l.url })),
    });
  }
  if (section.controls?.length) {
    elements.push(
      ...(section.form ? renderForm(index, section, section.form) : renderControls(index, section.controls)),
    );
  }
  if (index > 0 && elements[0]) elements[0] = { separator: true, ...elements[0] };
  return elements;
}

/** Plain-text rendering of a message: the card's fallback and the notification text. */
export function fallbackText(message: Message): string {
  const out: string[] = [];
  if (message.title) out.push(message.title);
  for (const section of message.sections) {
    if (section.heading) out.push(section.heading);
    if (section.text) out.push(section.text);
    for (const line of section.lines ?? []) out.push(`- ${line}`);
    for (const field of section.fields ?? []) out.push(`${field.label}: ${field.value}`);
    if (section.chart) out.push(section.chart.summary);
    for (const link of section.links ?? []) out.push(`${link.label}: ${link.url}`);
  }
  if (message.context) out.push(message.context);
  if (out.length === 0) out.push(message.summary);
  return plain(
    out
      .join("\n")
      .replace(/<[@#]([^>|]+)\|([^>]+)>/g, "$2")
      .replace(/<[@#]([^>]+)>/g, "$1"),
  );
}

function buildCard(message: Message): AdaptiveCard {
  const body: Element[] = [];
  if (message.title) {
    const color = message.tone ? TONE_COLOR[message.tone] : "Default";
    body.push(textBlock(message.title, { size: "Medium", weight: "Bolder", color }));
  }
  message.sections.forEach((section, index) => {
    body.push(...renderSection(section, index));
  });
  if (message.context)
    body.push(textBlock(message.context, { size: "Small", isSubtle: true, spacing: "Medium" }));
  if (body.length === 0) body.push(textBlock(message.summary));
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    fallbackText: fallbackText(message),
    body,
    msteams: { width: "Full" },
  };
}

function buildActivity(message: Message) {
  return {
    type: "message" as const,
    summary: plain(message.summary),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: buildCard(message) }],
  };
}

/** The message cut, at section boundaries, to what one Teams message can carry. */
function fitted(message: Message): Message {
  return fitMessage(
    message,
    (m) => JSON.stringify(buildActivity(m)).length <= CARD_BUDGET_CHARS,
    (n) => `…and ${n} more not shown: too long for one Teams message.`,
  );
}

export function renderCard(message: Message): AdaptiveCard {
  return buildCard(fitted(message));
}

/** The outgoing activity: the card plus a summary Teams shows in notifications and previews. */
export function renderActivity(message: Message): {
  type: "message";
  summary: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
} {
  return buildActivity(fitted(message));
}
