/**
 * Scenario 3: the weekly digest over two years of weekly check-ins, at 5,000 initiatives (≈520,000
 * check-ins) and at 500, on the path the bot runs (bench/digest-worker.ts): build time (load + build +
 * text render), peak memory, and growth.
 */
import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { engagementChart } from "../src/charts/model.js";
import { chartPng } from "../src/charts/png.js";
import { chartSvg } from "../src/charts/svg.js";
import { runWorker } from "./child.js";
import { below, type Figure, figure, median } from "./report.js";
import { seedPortfolio } from "./seed.js";

const NOW = new Date("2026-11-23T07:00:00Z");
const WEEKS = 104;
const DAY = 86_400_000;

interface WorkerResult {
  times: number[];
  peakRssMb: number;
  baseRssMb: number;
  lines: number;
}

/**
 * What the bot's digest also reads: one sponsor in 20 with time away (past, current or planned), and
 * asks, open (some overdue) and decided, on one initiative in 10.
 */
function addSponsorFacts(file: string, initiatives: number): void {
  const db = new Database(file);
  const now = NOW.getTime();
  db.transaction(() => {
    const sponsors = db
      .prepare(
        "select distinct person_id as id from initiative_roles where role = 'sponsor' order by person_id",
      )
      .all() as { id: number }[];
    const away = db.prepare(
      "insert into away_periods (workspace_id, person_id, from_at, until_at, created_at) values ('T1', ?, ?, ?, ?)",
    );
    sponsors.forEach((s, n) => {
      if (n % 20 === 0)
        away.run(s.id, now + ((n % 7) - 4) * 7 * DAY, now + ((n % 7) - 2) * 7 * DAY, now - 60 * DAY);
    });
    const ask = db.prepare(
      `insert into asks (workspace_id, initiative_id, sponsor_person_id, text, due_at, created_at, status, responded_at)
       select 'T1', r.initiative_id, r.person_id, 'Approve the data contract', null, ?, ?, ?
       from initiative_roles r where r.role = 'sponsor' and r.initiative_id = ?`,
    );
    for (let id = 1; id <= initiatives; id += 10) {
      const made = now - (id % 40) * DAY;
      const decided = id % 3 === 0;
      ask.run(made, decided ? "done" : "open", decided ? made + (id % 9) * DAY : null, id);
    }
  })();
  db.close();
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
  addSponsorFacts(seeded.file, initiatives);
  const args = (builds: number) => [seeded.file, NOW.toISOString(), String(builds)];
  const results: WorkerResult[] = [];
  const single: WorkerResult[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await runWorker<WorkerResult>("bench/digest-worker.ts", args(5)));
    // The weekly job builds one digest per PMO channel: a process's peak with a single build.
    single.push(await runWorker<WorkerResult>("bench/digest-worker.ts", args(1)));
  }
  rmSync(seeded.dir, { recursive: true, force: true });
  // The first build of each process is cold (statements prepared, code not yet optimised); the rest warm.
  return {
    checkins: seeded.checkins,
    cold: median([...results, ...single].map((r) => r.times[0] as number)),
    warm: median(results.flatMap((r) => r.times.slice(1))),
    baseRssMb: median(results.map((r) => r.baseRssMb)),
    peakRssMb: median(results.map((r) => r.peakRssMb)),
    singlePeakRssMb: median(single.map((r) => r.peakRssMb)),
    growthRssMb: median(single.map((r) => r.peakRssMb - r.baseRssMb)),
  };
}

/**
 * The digest's chart, drawn the ways the platforms get it: the PNG (Slack's upload, Teams' data URI)
 * and the SVG (the dashboard), for 8 weeks of a 5,000-initiative portfolio. Each is timed over many
 * draws in this process (no database: the counts come with the digest).
 */
export function chartFigures(draws = 200): Figure[] {
  const labels = ["5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov"];
  const chart = engagementChart(
    labels.map((label, i) => ({
      label,
      end: new Date(NOW.getTime() - (7 - i) * 7 * DAY),
      counts: {
        engaged: 3100 - 90 * i,
        cooling: 900 + 40 * i,
        lapsing: 400 + 25 * i,
        lapsed: 300 + 25 * i,
        unsponsored: 300,
      },
    })),
  );
  const time = (draw: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < draws; i++) {
      const start = performance.now();
      draw();
      times.push(performance.now() - start);
    }
    return median(times.slice(Math.min(10, draws - 1)));
  };
  const png = chartPng(chart);
  const svg = chartSvg(chart);
  const s = "digest";
  return [
    figure(
      s,
      "chart PNG, 8 weeks at 640×300 (draw + encode)",
      time(() => chartPng(chart)),
      "ms",
      below(20, "ms"),
    ),
    figure(s, "chart PNG size", png.length, "bytes", { text: "≤ 8 KB", met: (v) => v <= 8_192 }),
    figure(
      s,
      "chart SVG, 8 weeks",
      time(() => chartSvg(chart)),
      "ms",
      below(5, "ms"),
    ),
    figure(s, "chart SVG size", Buffer.byteLength(svg), "bytes"),
  ];
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
    figure(s, `build at ${large} (first of a process)`, big.cold, "ms", below(250, "ms")),
    figure(s, `RSS before the first build at ${large}`, big.baseRssMb, "MB"),
    figure(
      s,
      `peak RSS at ${large}, one build (the weekly job)`,
      big.singlePeakRssMb,
      "MB",
      below(256, "MB"),
    ),
    figure(s, `RSS growth during one build at ${large}`, big.growthRssMb, "MB"),
    figure(s, `peak RSS at ${large}, five builds in a row`, big.peakRssMb, "MB", below(256, "MB")),
    figure(s, `build at ${large / 10} (warm)`, small.warm, "ms"),
    figure(s, `time growth ${large / 10} → ${large}`, big.warm / small.warm, "×", {
      text: "≤ 10× (linear)",
      met: (v) => v <= 10,
    }),
    ...chartFigures(),
  ];
}
