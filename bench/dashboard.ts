/**
 * Scenario: the web dashboard's portfolio page for 5,000 initiatives over 26 weeks of weekly
 * check-ins (bench/dashboard-worker.ts, fresh processes): server time per render (median and p95 of
 * warm renders, and the first of a process), the HTML's size, and the CSV of the same rows.
 */
import { rmSync } from "node:fs";
import { runWorker } from "./child.js";
import { below, type Figure, figure, median } from "./report.js";
import { seedPortfolio } from "./seed.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const WEEKS = 26;
const DAY = 86_400_000;

interface WorkerResult {
  times: number[];
  reusedTimes: number[];
  csvTimes: number[];
  bytes: number;
  csvBytes: number;
  status: number;
}

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
};

export async function dashboardScenario(
  options: { initiatives?: number; processes?: number } = {},
): Promise<Figure[]> {
  const initiatives = options.initiatives ?? 5_000;
  const processes = options.processes ?? 2;
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.ceil(initiatives * 0.66),
      historyWeeks: WEEKS,
      now: NOW,
      nextCheckinAt: new Date(NOW.getTime() + 5 * DAY),
      nextPeriodKey: "2026-W49",
    },
    `dashboard-${initiatives}`,
  );
  // The Monday 25 weeks before the week of NOW (a Wednesday): 26 calendar weeks.
  const from = new Date(NOW.getTime() - 2 * DAY - 25 * 7 * DAY).toISOString().slice(0, 10);
  const results: WorkerResult[] = [];
  for (let i = 0; i < processes; i++)
    results.push(
      await runWorker<WorkerResult>("bench/dashboard-worker.ts", [seeded.file, NOW.toISOString(), from, "8"]),
    );
  rmSync(seeded.dir, { recursive: true, force: true });
  const warm = results.flatMap((r) => r.times.slice(1));
  const reused = results.flatMap((r) => r.reusedTimes.slice(1));
  const s = "dashboard";
  return [
    figure(s, "portfolio / weeks", initiatives, `initiatives / ${WEEKS} weeks, ${seeded.checkins} check-ins`),
    figure(s, "page status", results[0]?.status ?? 0, "", { text: "= 200", met: (v) => v === 200 }),
    figure(s, "server time per page, weeks read afresh: median", median(warm), "ms", below(300, "ms")),
    figure(s, "server time per page, weeks read afresh: p95", p95(warm), "ms", below(300, "ms")),
    figure(s, "another filter or page within the minute: median", median(reused), "ms", below(300, "ms")),
    figure(s, "another filter or page within the minute: p95", p95(reused), "ms", below(300, "ms")),
    figure(s, "first page of a process", median(results.map((r) => r.times[0] ?? 0)), "ms"),
    figure(
      s,
      "HTML per page (200 rows, counts and charts of all)",
      (results[0]?.bytes ?? 0) / 1024,
      "KB",
      below(1024, "KB"),
    ),
    figure(
      s,
      `CSV of all ${initiatives} (median)`,
      median(results.flatMap((r) => r.csvTimes.slice(1))),
      "ms",
    ),
    figure(s, "CSV size", (results[0]?.csvBytes ?? 0) / 1024, "KB"),
  ];
}
