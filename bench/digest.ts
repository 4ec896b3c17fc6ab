/**
 * Scenario 3: the weekly digest over two years of weekly check-ins, at 5,000 initiatives (≈520,000
 * check-ins) and at 500; build time (load + build + text render), peak memory, and growth.
 */
import { rmSync } from "node:fs";
import { runWorker } from "./child.js";
import { below, type Figure, figure, median } from "./report.js";
import { seedPortfolio } from "./seed.js";

const NOW = new Date("2026-11-23T07:00:00Z");
const WEEKS = 104;

interface WorkerResult {
  times: number[];
  peakRssMb: number;
  baseRssMb: number;
  lines: number;
}

async function measure(initiatives: number, runs: number) {
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.ceil(initiatives * 0.66),
      historyWeeks: WEEKS,
      now: NOW,
      nextCheckinAt: new Date("2026-11-23T09:00:00Z"),
      nextPeriodKey: "2026-W48",
    },
    `digest-${initiatives}`,
  );
  const results: WorkerResult[] = [];
  for (let i = 0; i < runs; i++)
    results.push(
      await runWorker<WorkerResult>("bench/digest-worker.ts", [seeded.file, NOW.toISOString(), "5"]),
    );
  rmSync(seeded.dir, { recursive: true, force: true });
  // The first build of each process is cold (statements prepared, pages read); the rest are warm.
  return {
    checkins: seeded.checkins,
    cold: median(results.map((r) => r.times[0] as number)),
    warm: median(results.flatMap((r) => r.times.slice(1))),
    peakRssMb: median(results.map((r) => r.peakRssMb)),
    growthRssMb: median(results.map((r) => r.peakRssMb - r.baseRssMb)),
  };
}

export async function digestScenario(options: { runs?: number; large?: number } = {}): Promise<Figure[]> {
  const runs = options.runs ?? 2;
  const large = options.large ?? 5_000;
  const big = await measure(large, runs);
  const small = await measure(Math.round(large / 10), runs);
  const s = "digest";
  return [
    figure(s, `check-ins at ${large}`, big.checkins, "rows"),
    figure(s, `build at ${large} (warm)`, big.warm, "ms", below(250, "ms")),
    figure(s, `build at ${large} (cold process)`, big.cold, "ms", below(250, "ms")),
    figure(s, `peak RSS at ${large}`, big.peakRssMb, "MB", below(256, "MB")),
    figure(s, `RSS growth during build at ${large}`, big.growthRssMb, "MB"),
    figure(s, `build at ${large / 10} (warm)`, small.warm, "ms"),
    figure(s, `time growth ${large / 10} → ${large}`, big.warm / small.warm, "×", {
      text: "≤ 10× (linear)",
      met: (v) => v <= 10,
    }),
  ];
}
