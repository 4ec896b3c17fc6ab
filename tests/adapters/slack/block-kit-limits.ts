/**
 * Block Kit's documented limits, checked on a rendered payload: what Slack would reject with
 * `invalid_blocks` (or cut) before a person ever sees the message. Returns one sentence a breach.
 */
type Json = Record<string, unknown>;

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionElements: 25,
  contextElements: 10,
  selectOptions: 100,
  optionText: 75,
  placeholder: 150,
  id: 255,
  inputLabel: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
} as const;

const textOf = (value: unknown): string => ((value as Json | undefined)?.text as string | undefined) ?? "";

function checkElement(element: Json, where: string, out: string[]): void {
  const max = (what: string, length: number, limit: number) => {
    if (length > limit) out.push(`${where}: ${what} is ${length}, over ${limit}`);
  };
  if (typeof element.action_id === "string") max("action_id", element.action_id.length, LIMITS.id);
  if (element.type === "button") {
    max("button label", textOf(element.text).length, LIMITS.buttonText);
    if (typeof element.value === "string") max("button value", element.value.length, LIMITS.buttonValue);
  }
  if (element.placeholder) max("placeholder", textOf(element.placeholder).length, LIMITS.placeholder);
  if (Array.isArray(element.options)) {
    max("options", element.options.length, LIMITS.selectOptions);
    for (const option of element.options as Json[])
      max("option text", textOf(option.text).length, LIMITS.optionText);
  }
}

function checkBlock(block: Json, where: string, out: string[]): void {
  const max = (what: string, length: number, limit: number) => {
    if (length > limit) out.push(`${where}: ${what} is ${length}, over ${limit}`);
  };
  if (typeof block.block_id === "string") max("block_id", block.block_id.length, LIMITS.id);
  switch (block.type) {
    case "header":
      max("header text", textOf(block.text).length, LIMITS.headerText);
      break;
    case "section": {
      if (block.text) max("section text", textOf(block.text).length, LIMITS.sectionText);
      const fields = (block.fields as Json[] | undefined) ?? [];
      max("fields", fields.length, LIMITS.fields);
      for (const field of fields) max("field text", textOf(field).length, LIMITS.fieldText);
      if (!block.text && fields.length === 0) out.push(`${where}: a section needs text or fields`);
      if (block.accessory) checkElement(block.accessory as Json, `${where} accessory`, out);
      break;
    }
    case "actions": {
      const elements = (block.elements as Json[] | undefined) ?? [];
      max("actions elements", elements.length, LIMITS.actionElements);
      elements.forEach((e, i) => {
        checkElement(e, `${where} element ${i}`, out);
      });
      break;
    }
    case "context": {
      const elements = (block.elements as Json[] | undefined) ?? [];
      max("context elements", elements.length, LIMITS.contextElements);
      for (const e of elements) max("context text", textOf(e).length, LIMITS.sectionText);
      break;
    }
    case "input":
      max("input label", textOf(block.label).length, LIMITS.inputLabel);
      checkElement(block.element as Json, `${where} element`, out);
      break;
    default:
      break;
  }
}

function checkBlocks(blocks: Json[], limit: number, where: string, out: string[]): void {
  if (blocks.length > limit) out.push(`${where}: ${blocks.length} blocks, over ${limit}`);
  const ids = blocks.map((b) => b.block_id).filter((id) => id !== undefined);
  if (new Set(ids).size !== ids.length) out.push(`${where}: block_ids are not unique`);
  blocks.forEach((block, i) => {
    checkBlock(block, `${where} block ${i} (${String(block.type)})`, out);
  });
}

/** A chat.postMessage / chat.update payload: at most 50 blocks and a plain-text fallback. */
export function messageViolations(payload: { text: string; blocks: unknown[] }, where: string): string[] {
  const out: string[] = [];
  if (!payload.text.trim()) out.push(`${where}: no text fallback`);
  checkBlocks(payload.blocks as Json[], LIMITS.messageBlocks, where, out);
  return out;
}

/** A views.publish / views.open payload: at most 100 blocks; a modal's title and buttons short. */
export function viewViolations(view: Json, where: string): string[] {
  const out: string[] = [];
  checkBlocks((view.blocks as Json[] | undefined) ?? [], LIMITS.viewBlocks, where, out);
  if (view.type === "modal") {
    for (const key of ["title", "submit", "close"]) {
      const length = textOf(view[key]).length;
      if (length > LIMITS.viewTitle)
        out.push(`${where}: modal ${key} is ${length}, over ${LIMITS.viewTitle}`);
    }
    const metadata = typeof view.private_metadata === "string" ? view.private_metadata.length : 0;
    if (metadata > LIMITS.privateMetadata)
      out.push(`${where}: private_metadata is ${metadata}, over ${LIMITS.privateMetadata}`);
  }
  return out;
}
