import { PulseError } from "../core/errors.js";
import type { Initiative } from "../domain/types.js";

const MAX_CANDIDATES = 8;

/** Anything with a slug and a name: full initiatives, or just their names (InitiativeName). */
type Named = Pick<Initiative, "slug" | "name">;

function candidates(list: readonly Named[]): string[] {
  const lines = list.slice(0, MAX_CANDIDATES).map((i) => `${i.name} (\`${i.slug}\`)`);
  if (list.length > MAX_CANDIDATES) lines.push(`and ${list.length - MAX_CANDIDATES} more`);
  return lines;
}

/** Exact slug, exact name, then an unambiguous part of the name or slug (case-insensitive). */
export function matchInitiatives<T extends Named>(all: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact = all.filter((i) => i.slug === q || i.name.toLowerCase() === q);
  if (exact.length > 0) return exact;
  return all.filter((i) => i.slug.includes(q) || i.name.toLowerCase().includes(q));
}

export function findInitiative<T extends Named>(all: readonly T[], query: string): T {
  const matches = matchInitiatives(all, query);
  if (matches.length === 1) return matches[0] as T;
  if (matches.length > 1) {
    throw new PulseError(
      "ambiguous",
      `"${query}" matches ${matches.length} initiatives. Which one?`,
      candidates(matches),
    );
  }
  if (all.length === 0) {
    throw new PulseError("not_found", `There is no initiative "${query}": this workspace has none yet.`, [
      "Add one with `/initiative add <name> --sponsor @person --lead @person`.",
    ]);
  }
  throw new PulseError("not_found", `There is no initiative "${query}". These exist:`, candidates(all));
}
