/**
 * `npm run bench`: every scenario on loopback, one table of figures against their targets, and the
 * same as bench/results.json. One scenario alone: `npx tsx bench/run.ts <slash|fanout|fanout-pg|digest|startup|tick|sweep|dashboard>`.
 * `--quick` shrinks the slow scenarios (a smoke run, not figures to publish).
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dashboardScenario } from "./dashboard.js";
import { digestScenario } from "./digest.js";
import { fanoutScenario } from "./fanout.js";
import { fanoutPgScenario } from "./fanout-pg.js";
import { type Figure, formatTable } from "./report.js";
import { slashScenario } from "./slash.js";
import { startupScenario } from "./startup.js";
import { sweepScenario } from "./sweep.js";
import { tickScenario } from "./tick.js";

type Scenario = (quick: boolean) => Promise<Figure[]>;

const SCENARIOS: Record<string, Scenario> = {
  slash: (quick) => slashScenario(quick ? { runs: 1, initiatives: 1_000, amount: 700 } : {}),
  fanout: (quick) => fanoutScenario(quick ? { sponsors: 1_000, initiatives: 1_500 } : {}),
  "fanout-pg": (quick) => fanoutPgScenario(quick ? { sponsors: 1_000, initiatives: 1_500 } : {}),
  digest: (quick) => digestScenario(quick ? { runs: 1, large: 1_000 } : {}),
  startup: (quick) => startupScenario(quick ? { runs: 1, initiatives: 1_000 } : {}),
  tick: (quick) => tickScenario(quick ? { runs: 1, initiatives: 2_000 } : {}),
  sweep: (quick) => sweepScenario(quick ? { initiatives: 2_000 } : {}),
  dashboard: (quick) => dashboardScenario(quick ? { initiatives: 1_000, processes: 1 } : {}),
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const names = args.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !(n in SCENARIOS));
  if (unknown.length > 0) {
    console.error(
      `Unknown scenario: ${unknown.join(", ")}. Scenarios: ${Object.keys(SCENARIOS).join(", ")}.`,
    );
    return 2;
  }
  const chosen = names.length > 0 ? names : Object.keys(SCENARIOS);
  const figures: Figure[] = [];
  const started = Date.now();
  // Other work on the machine skews every timing: the load average is kept with the figures.
  const loadBefore = loadavg()[0] ?? 0;
  for (const name of chosen) {
    const scenarioStarted = Date.now();
    console.error(`▶ ${name}…`);
    try {
      figures.push(...(await (SCENARIOS[name] as Scenario)(quick)));
    } catch (error) {
      // One broken scenario must not lose the others' figures.
      console.error(`  ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      figures.push({
        scenario: name,
        metric: "scenario failed",
        value: 0,
        unit: "",
        target: "runs",
        pass: false,
      });
    }
    console.error(`  ${name} took ${((Date.now() - scenarioStarted) / 1000).toFixed(1)} s`);
  }
  console.log(formatTable(figures));
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage1m: { before: loadBefore, after: loadavg()[0] ?? 0 },
  };
  console.log(
    `\n${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; load average ${machine.loadAverage1m.before.toFixed(1)} → ${machine.loadAverage1m.after.toFixed(1)}`,
  );
  // A single scenario or a quick run must not overwrite the published full run.
  if (names.length === 0 && !quick) {
    const results = {
      takenAt: new Date().toISOString(),
      machine,
      seconds: (Date.now() - started) / 1000,
      figures,
    };
    writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    console.error("wrote bench/results.json");
  }
  return figures.some((f) => f.pass === false) ? 1 : 0;
}

process.exitCode = await main();
