import type { Message, Section } from "./message.js";

/** How a platform says what did not fit: the count of sections (or list lines) left out. */
export type MoreText = (omitted: number) => string;

/** The longest prefix of `lines` (at least none) for which `fits` holds, with its "and N more" line. */
function fitLines(lines: string[], fits: (lines: string[]) => boolean, more: MoreText): string[] | undefined {
  let low = 0;
  let high = lines.length - 1;
  let best: string[] | undefined;
  // Binary search: a list of a thousand lines is measured about ten times, not a thousand.
  while (low <= high) {
    const count = Math.floor((low + high) / 2);
    const trial = [...lines.slice(0, count), more(lines.length - count)];
    if (fits(trial)) {
      best = trial;
      low = count + 1;
    } else high = count - 1;
  }
  return best && best.length > 1 ? best : undefined;
}

/**
 * The message cut down, at section boundaries, until `fits` holds for the platform (a block count,
 * a payload size), with a last section saying how many were left out. A long bulleted list is cut
 * inside, keeping its first lines. The message itself when it fits; sections are never reordered.
 */
export function fitMessage(message: Message, fits: (m: Message) => boolean, more: MoreText): Message {
  if (fits(message)) return message;
  const kept: Section[] = [];
  const tail = (sections: Section[], omitted: number): Message => ({
    ...message,
    sections: omitted > 0 ? [...sections, { text: more(omitted) }] : sections,
  });
  const total = message.sections.length;
  for (const section of message.sections) {
    const omittedAfter = total - kept.length - 1;
    if (fits(tail([...kept, section], omittedAfter))) {
      kept.push(section);
      continue;
    }
    const lines = section.lines
      ? fitLines(section.lines, (l) => fits(tail([...kept, { ...section, lines: l }], omittedAfter)), more)
      : undefined;
    if (lines) return tail([...kept, { ...section, lines }], omittedAfter);
    break;
  }
  return tail(kept, total - kept.length);
}
