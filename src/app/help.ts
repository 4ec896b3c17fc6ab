import type { HelpSection } from "../commands/module.js";
import { type Message, message } from "../core/message.js";

/** Where each heading goes in `/pulse help`; a heading not listed here comes after these. */
const HEADINGS = [
  "Initiatives",
  "Stages",
  "Stages and their aliases",
  "Check-ins",
  "Away, delegates and holidays",
  "Decisions waiting on sponsors",
  "PMO",
];

/** `/pulse help` itself, listed with the PMO commands. */
export const HELP_SECTION: HelpSection = { heading: "PMO", usage: "pulse", lines: ["`/pulse help`"] };

/** `/pulse help`: every registered module's lines, merged by heading. */
export function helpMessage(sections: readonly HelpSection[]): Message {
  const rank = (heading: string) => {
    const at = HEADINGS.indexOf(heading);
    return at < 0 ? HEADINGS.length : at;
  };
  const headings = [...new Set(sections.map((s) => s.heading))].sort((a, b) => rank(a) - rank(b));
  return message(
    "Sponsor Pulse commands",
    headings.map((heading) => ({
      heading,
      lines: sections.filter((s) => s.heading === heading).flatMap((s) => s.lines),
    })),
    {
      title: "Sponsor Pulse",
      context: "<initiative> is its slug or an unambiguous part of its name.",
    },
  );
}
