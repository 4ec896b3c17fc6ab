/** Scenario 5: one scheduler tick at rest on the large portfolio (it runs every minute, forever). */
import { rmSync } from "node:fs";
import { runWorker } from "./child.js";
import { below, type Figure, figure, median } from "./report.js";
import { type Seeded, seedPortfolio } from "./seed.js";

/** Monday 10:00, after the morning's check-ins went out: the next ones are a week away. */
export const NOW = new Date("2026-11-23T10:00:00Z");

interface WorkerResult {
  firstMs: number;
  rest: number[];
  busy: number;
}

/**
 * The large portfolio at rest at `NOW`: the day's sweep, escalations and digest already taken and
 * delivered by an earlier tick; the next check-ins are a week away.
 */
export async function seedAtRest(initiatives: number, label: string): Promise<Seeded> {
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.round(initiatives / 1.5),
      historyWeeks: 26,
      now: NOW,
      nextCheckinAt: new Date("2026-11-30T09:00:00Z"),
      nextPeriodKey: "2026-W49",
    },
    label,
  );
  await runWorker("bench/tick-worker.ts", [seeded.file, NOW.toISOString(), "0", "prepare"]);
  return seeded;
}

export async function tickScenario(options: { initiatives?: number; runs?: number } = {}): Promise<Figure[]> {
  const initiatives = options.initiatives ?? 15_000;
  const seeded = await seedAtRest(initiatives, "tick");
  const later = new Date(NOW.getTime() + 3_600_000).toISOString();
  const results: WorkerResult[] = [];
  for (let i = 0; i < (options.runs ?? 2); i++)
    results.push(await runWorker<WorkerResult>("bench/tick-worker.ts", [seeded.file, later, "50"]));
  rmSync(seeded.dir, { recursive: true, force: true });
  const s = "tick";
  return [
    figure(s, `portfolio`, initiatives, "initiatives"),
    figure(s, "tick at rest (median)", median(results.flatMap((r) => r.rest)), "ms", below(5, "ms")),
    figure(s, "first tick of the day (daily sweep)", median(results.map((r) => r.firstMs)), "ms"),
    figure(
      s,
      "work done by resting ticks",
      results.reduce((n, r) => n + r.busy, 0),
      "items",
      {
        text: "= 0",
        met: (v) => v === 0,
      },
    ),
  ];
}
