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

interface NameIndex<T> {
  /** Slug and lower-cased name → the initiatives that have it, in list order. */
  exact: Map<string, T[]>;
  lowerNames: string[];
}

// Built once per list (lists are read-only here and the store hands out the same list until a name
// changes): a `/stage` resolves its words two or three times against up to thousands of names.
const indexes = new WeakMap<readonly Named[], NameIndex<Named>>();

function indexOf<T extends Named>(all: readonly T[]): NameIndex<T> {
  const known = indexes.get(all);
  if (known) return known as NameIndex<T>;
  const exact = new Map<string, T[]>();
  const lowerNames: string[] = [];
  for (const item of all) {
    const name = item.name.toLowerCase();
    lowerNames.push(name);
    for (const key of name === item.slug ? [name] : [item.slug, name]) {
      const same = exact.get(key);
      if (same) same.push(item);
      else exact.set(key, [item]);
    }
  }
  const index = { exact, lowerNames };
  indexes.set(all, index);
  return index;
}

/** Exact slug, exact name, then an unambiguous part of the name or slug (case-insensitive). */
export function matchInitiatives<T extends Named>(all: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const index = indexOf(all);
  const exact = index.exact.get(q);
  if (exact) return [...exact];
  return all.filter((i, n) => i.slug.includes(q) || (index.lowerNames[n] as string).includes(q));
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
