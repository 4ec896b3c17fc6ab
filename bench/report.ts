/** Figures, targets and the one table `npm run bench` prints (and writes as JSON). */

export interface Figure {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "< 25 ms"; empty when the figure is context only. */
  target: string;
  /** Undefined when there is no target to meet. */
  pass?: boolean;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function figure(
  scenario: string,
  metric: string,
  value: number,
  unit: string,
  target?: { text: string; met: (v: number) => boolean },
): Figure {
  return {
    scenario,
    metric,
    value: Math.round(value * 100) / 100,
    unit,
    target: target?.text ?? "",
    ...(target ? { pass: target.met(value) } : {}),
  };
}

export const below = (limit: number, unit: string) => ({
  text: `< ${limit} ${unit}`.trim(),
  met: (v: number) => v < limit,
});
export const atLeast = (limit: number, unit = "") => ({
  text: `≥ ${limit} ${unit}`.trim(),
  met: (v: number) => v >= limit,
});
export const exactly = (n: number) => ({ text: `= ${n}`, met: (v: number) => v === n });

function cells(f: Figure, missed: string): string[] {
  return [
    f.scenario,
    f.metric,
    `${f.value.toLocaleString("en-US")} ${f.unit}`.trim(),
    f.target,
    f.pass === undefined ? "" : f.pass ? "ok" : missed,
  ];
}

/** The same rows as a Markdown table, for the README (`npx tsx bench/markdown.ts`). */
export function formatMarkdown(figures: Figure[]): string {
  const row = (c: string[]) => `| ${c.join(" | ")} |`;
  return [
    row(["scenario", "figure", "value", "target", ""]),
    "|---|---|---|---|---|",
    ...figures.map((f) => row(cells(f, "**missed**"))),
  ].join("\n");
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => cells(f, "MISSED"));
  const header = ["scenario", "figure", "value", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Runs `fn` `n` times (after `warmup` unmeasured runs) and returns each run's result. */
export async function repeat<T>(n: number, fn: (run: number) => Promise<T>, warmup = 0): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}
