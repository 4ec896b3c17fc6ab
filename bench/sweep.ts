/**
 * Scenario "sweep": the first tick of a day (the daily engagement sweep) at 15,000 initiatives while
 * Slack and a load balancer keep calling: GET /healthz and signed `/stage <initiative>` commands, each
 * at a steady rate from the tick's start to its end. Every HTTP answer must come well inside Slack's
 * 3-second ack, so the target is the p99 of all answers during the sweep.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { type SlackApiStub, startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { below, type Figure, figure } from "./report.js";
import { copyDb, type Seeded, slugOf } from "./seed.js";
import { signedRequest, stageCommand } from "./slack-command.js";
import { NOW, seedAtRest } from "./tick.js";

/** The tick scenario's portfolio is at rest on Monday 10:00; the measured tick is Tuesday's first. */
const NEXT_DAY = new Date(NOW.getTime() + 24 * 3_600_000);
/** Requests a second on each route during the sweep. */
const RATE = 25;
const WARMUP = 200;

interface SweepResult {
  wallMs: number;
  cpuMs: number;
  report: { escalations: number; delivery: { sent: number } };
  loopMaxMs: number;
  loopP99Ms: number;
}

interface Route {
  name: string;
  send(i: number): { method: string; path: string; body: string; headers: Record<string, string> };
}

function routes(stub: SlackApiStub, initiatives: number): Route[] {
  return [
    { name: "/healthz", send: () => ({ method: "GET", path: "/healthz", body: "", headers: {} }) },
    {
      name: "/stage",
      send: (i) => ({
        method: "POST",
        path: "/slack/events",
        ...signedRequest(stageCommand(i, slugOf(i % initiatives), stub.responseUrl(`s${i}`))),
      }),
    },
  ];
}

/** One request; resolves to its latency from `due` (open loop: a stalled server cannot hide its queue). */
function call(agent: Agent, port: number, r: ReturnType<Route["send"]>, due: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        path: r.path,
        method: r.method,
        headers: { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) },
      },
      (res) => {
        res.resume();
        res.once("end", () => {
          if (res.statusCode === 200) resolve(performance.now() - due);
          else {
            console.error(`  ${r.method} ${r.path}: HTTP ${res.statusCode}`);
            resolve(Number.NaN);
          }
        });
      },
    );
    req.once("error", (error) => {
      console.error(`  ${r.method} ${r.path}: ${error.message}`);
      resolve(Number.NaN);
    });
    req.end(r.body);
  });
}

/** Each route at RATE a second until `done` settles; the latencies of each (NaN: an error or non-200). */
async function loadUntil(port: number, list: Route[], done: Promise<unknown>): Promise<number[][]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let running = true;
  void done.finally(() => {
    running = false;
  });
  const started = performance.now();
  const results = list.map(() => [] as Promise<number>[]);
  for (let i = 0; running; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    for (const [k, route] of list.entries()) results[k]?.push(call(agent, port, route.send(i), due));
  }
  const out = await Promise.all(results.map((r) => Promise.all(r)));
  agent.destroy();
  return out;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

function startWorker(file: string, apiUrl: string) {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the bot's process.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", "bench/sweep-worker.ts", file, apiUrl],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[
    Symbol.asyncIterator
  ]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error("sweep-worker exited");
    return JSON.parse(line.value) as T;
  };
  return { child, next };
}

export async function sweepScenario(options: { initiatives?: number } = {}): Promise<Figure[]> {
  const initiatives = options.initiatives ?? 15_000;
  const seeded = await seedAtRest(initiatives, "sweep");
  try {
    return await measureSweep(seeded, initiatives);
  } finally {
    rmSync(seeded.dir, { recursive: true, force: true });
  }
}

/** One tick in a worker on a copy of the portfolio at rest, with HTTP load or without. */
async function runTick(seeded: Seeded, initiatives: number, withLoad: boolean) {
  const file = copyDb(seeded, "sweep-run");
  const stub = await startSlackApiStub();
  const worker = startWorker(file, stub.apiUrl);
  try {
    const { port } = await worker.next<{ port: number }>();
    const list = routes(stub, initiatives);
    // A fresh process runs its first requests as cold code; a long-running bot is warm.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    for (let i = 0; withLoad && i < WARMUP; i++)
      await Promise.all(list.map((r) => call(agent, port, r.send(initiatives + i), performance.now())));
    agent.destroy();
    worker.child.stdin?.write(`go ${NEXT_DAY.toISOString()}\n`);
    await worker.next<{ started: true }>();
    const result = worker.next<SweepResult>();
    const latencies = withLoad ? await loadUntil(port, list, result) : [];
    return { sweep: await result, latencies: list.map((route, k) => ({ route, all: latencies[k] ?? [] })) };
  } finally {
    const exited = new Promise((resolve) => worker.child.once("close", resolve));
    worker.child.stdin?.end("stop\n");
    await exited;
    await stub.close();
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

/** Tuesday's first tick on a portfolio at rest on Monday: alone (its cost), then under HTTP load. */
export async function measureSweep(seeded: Seeded, initiatives: number): Promise<Figure[]> {
  const quiet = await runTick(seeded, initiatives, false);
  const loaded = await runTick(seeded, initiatives, true);
  const s = "sweep";
  const figures = [
    figure(s, "portfolio", initiatives, "initiatives"),
    figure(s, "first tick of the day: CPU", quiet.sweep.cpuMs, "ms"),
    figure(s, "first tick of the day: wall time", quiet.sweep.wallMs, "ms"),
    figure(s, "escalations taken", quiet.sweep.report.escalations, ""),
    figure(s, "same escalations under HTTP load", loaded.sweep.report.escalations, "", {
      text: `= ${quiet.sweep.report.escalations}`,
      met: (v) => v === quiet.sweep.report.escalations,
    }),
    figure(s, "wall time under HTTP load", loaded.sweep.wallMs, "ms"),
    figure(s, "event loop delay under HTTP load: p99", loaded.sweep.loopP99Ms, "ms"),
    figure(s, "event loop delay under HTTP load: max", loaded.sweep.loopMaxMs, "ms"),
  ];
  for (const { route, all } of loaded.latencies) {
    const ok = all.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    figures.push(
      figure(s, `${route.name} answered during the tick`, ok.length, "requests"),
      figure(s, `${route.name} failed`, all.length - ok.length, "", { text: "= 0", met: (v) => v === 0 }),
      figure(s, `${route.name} p50`, percentile(ok, 0.5), "ms"),
      figure(s, `${route.name} p99`, percentile(ok, 0.99), "ms", below(100, "ms")),
      figure(s, `${route.name} max`, ok.at(-1) ?? Number.NaN, "ms"),
    );
  }
  return figures;
}
