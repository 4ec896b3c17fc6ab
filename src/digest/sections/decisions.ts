/** "Decisions waiting on sponsors": open asks (count, oldest) and each sponsor's median time to decide. */
import { compareSlugs, num, plural, quote } from "../format.js";
import type { DigestDecisions, DigestLine } from "../model.js";

function days(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return rounded === 1 ? "1 day" : `${rounded} days`;
}

export function decisionLines(decisions: DigestDecisions | undefined): DigestLine[] {
  if (!decisions) return [];
  const lines: DigestLine[] = [];
  const { open } = decisions;
  if (open.count > 0 && open.oldest) {
    const o = open.oldest;
    lines.push({
      slug: o.slug,
      name: o.name,
      text: `${plural(open.count, "open ask")}${open.overdue ? ` (${num(open.overdue)} overdue)` : ""}, oldest ${days(o.ageDays)}: ${o.name} — ${quote(o.text, 120)} (to ${o.to})`,
    });
  }
  const sponsors = [...decisions.bySponsor].sort(
    (a, b) => b.medianDays - a.medianDays || compareSlugs(a.name, b.name),
  );
  for (const s of sponsors) {
    lines.push({
      text: `${s.name}: median ${days(s.medianDays)} to decide (${plural(s.decided, "decision")} in ${decisions.windowDays} days)`,
    });
  }
  return lines;
}
