/** "What sponsors asked for": the free texts sponsors left with their check-ins this period. */
import { compareSlugs, quote, shortDate } from "../format.js";
import type { DigestLine, DigestNote } from "../model.js";
import type { DigestSettings } from "../settings.js";

/** The period's notes with text, latest first. */
export function notesInOrder(notes: DigestNote[]): DigestNote[] {
  return notes
    .filter((n) => n.text.trim() !== "")
    .sort((a, b) => b.at.getTime() - a.at.getTime() || compareSlugs(a.slug, b.slug));
}

export function noteLine(n: DigestNote, now: Date, settings: DigestSettings): DigestLine {
  return {
    slug: n.slug,
    name: n.name,
    text: `${shortDate(n.at, now, settings.timeZone)} · ${n.by}: ${quote(n.text)}`,
  };
}
