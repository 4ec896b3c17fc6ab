import { chartText } from "../../src/charts/text.js";
import { type Control, type Message, plain } from "../../src/core/message.js";

/** A numbered choice the person can pick by typing its number. */
export interface NumberedChoice {
  n: number;
  actionId: string;
  value: string;
  /** Text inputs take the rest of the line: `4 need budget sign-off`. */
  takesText: boolean;
  /** For form sections (one submission), the form it belongs to. */
  form?: { ref: string; submitActionId: string };
}

export interface RenderedText {
  text: string;
  choices: NumberedChoice[];
}

function controlLines(
  control: Control,
  next: () => number,
  choices: NumberedChoice[],
  form?: NumberedChoice["form"],
): string {
  const add = (actionId: string, value: string, takesText: boolean) => {
    const n = next();
    choices.push({ n, actionId, value, takesText, ...(form ? { form } : {}) });
    return n;
  };
  switch (control.kind) {
    case "button":
      return `[${add(control.actionId, control.value, false)}] ${control.label}`;
    case "select":
      return `${control.placeholder}: ${control.options.map((o) => `[${add(control.actionId, o.value, false)}] ${o.label}`).join(" ")}`;
    case "text":
      return `[${add(control.actionId, control.ref, true)}] ${control.label} (type the number, then your text)`;
  }
}

/** Plain-text rendering with numbered choices, continuing numbering from `start`. */
export function renderText(msg: Message, start = 1): RenderedText {
  let counter = start;
  const next = () => counter++;
  const choices: NumberedChoice[] = [];
  const out: string[] = [];
  if (msg.title) out.push(plain(msg.title), "─".repeat(Math.min(60, plain(msg.title).length)));
  if (msg.sections.length === 0) out.push(plain(msg.summary));
  for (const section of msg.sections) {
    if (section.heading) out.push(`${plain(section.heading)}:`);
    if (section.text) out.push(plain(section.text));
    for (const line of section.lines ?? []) out.push(`  • ${plain(line)}`);
    for (const field of section.fields ?? []) out.push(`  ${field.label}: ${plain(field.value)}`);
    if (section.chart) {
      // A terminal's native chart is text: block bars per category, the summary above them.
      out.push(`  ${section.chart.summary}`, ...chartText(section.chart).map((line) => `    ${line}`));
    }
    for (const link of section.links ?? []) out.push(`  ${link.label}: ${link.url}`);
    const form = section.form
      ? { ref: section.form.ref, submitActionId: section.form.submitActionId }
      : undefined;
    for (const control of section.controls ?? []) out.push(`  ${controlLines(control, next, choices, form)}`);
  }
  if (msg.context) out.push(`(${plain(msg.context)})`);
  return { text: out.join("\n"), choices };
}
