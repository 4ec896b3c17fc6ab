/** "What sponsors asked for": the free texts sponsors left with their check-ins this period. */
import { compareSlugs, quote, shortDate } from "../format.js";
import type { DigestLine, DigestNote } from "../model.js";
import type { DigestSettings } from "../settings.js";

export function askLines(notes: DigestNote[], now: Date, settings: DigestSettings): DigestLine[] {
  return notes
    .filter((n) => n.text.trim() !== "")
    .sort((a, b) => b.at.getTime() - a.at.getTime() || compareSlugs(a.slug, b.slug))
    .map((n) => ({
      slug: n.slug,
      name: n.name,
      text: `${shortDate(n.at, now, settings.timeZone)} · ${n.by}: ${quote(n.text)}`,
    }));
}
