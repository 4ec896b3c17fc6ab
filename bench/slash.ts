/**
 * Scenario 1: signed `/stage` commands against the real Bolt HTTP app, each a real stage move on a
 * distinct initiative, against a bare Bolt app that only acks, with autocannon; then both at a steady
 * 300 requests/s (pacedLoad). Our app acks before the core runs (Slack's 3-second rule), so
 * completion is also measured: when the stand-in got the reply on response_url for every request.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { type SlackApiStub, startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { type PacedRequest, pacedLoad } from "./paced-load.js";
import { atLeast, below, exactly, type Figure, figure, median } from "./report.js";
import { copyDb, type Seeded, seedPortfolio, slugOf } from "./seed.js";
import { signedRequest, stageCommand } from "./slack-command.js";

const STAGES = ["strategy", "poc", "architecture", "scaling", "operational"];

interface Server {
  child: ChildProcess;
  port: number;
  /** CPU the server process has used so far (ms). */
  cpuMs(): Promise<number>;
}

async function startServer(mode: "real" | "bare", args: string[]): Promise<Server> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", "bench/slash-server.ts", mode, ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[
    Symbol.asyncIterator
  ]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`slash-server ${mode} exited`);
    return JSON.parse(line.value) as T;
  };
  const { port } = await next<{ port: number }>();
  return {
    child,
    port,
    cpuMs: async () => {
      child.kill("SIGUSR2");
      return (await next<{ cpuMs: number }>()).cpuMs;
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.once("close", resolve));
  child.kill("SIGTERM");
  await closed;
}

/** Initiative i sits at STAGES[i % 5] (see seed): move it one step back, or strategy → poc. */
function commandFor(i: number, stub: SlackApiStub): string {
  const from = i % STAGES.length;
  const to = from === 0 ? "poc" : STAGES[from - 1];
  return stageCommand(i, `${slugOf(i)} ${to} bench move`, stub.responseUrl(`r${i}`));
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

/** The signed HTTP request Slack would send for command i. */
function signed(i: number, stub: SlackApiStub): PacedRequest {
  return signedRequest(commandFor(i, stub));
}

/**
 * Commands for initiatives first … first + amount - 1: as fast as 10 connections go (autocannon),
 * or at a steady `rate` a second (pacedLoad; see there why not autocannon's overallRate).
 */
async function load(
  port: number,
  stub: SlackApiStub,
  amount: number,
  options: { rate?: number; first?: number } = {},
): Promise<Load> {
  const first = options.first ?? 0;
  const url = `http://127.0.0.1:${port}/slack/events`;
  if (options.rate) return pacedLoad(url, amount, options.rate, (i) => signed(first + i, stub));
  let next = first;
  // autocannon notices the end of a run on its once-a-second tick, so its duration (and anything
  // divided by it) comes in whole seconds: time the run to the last answer here.
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url,
    connections: 10,
    amount,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({ ...request, ...signed(next++, stub) }),
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
  };
}

/** Waits until the stand-in has one reply per command (the core finished), or gives up. */
async function completion(stub: SlackApiStub, replies: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (stub.calls.filter((c) => c.method.startsWith("respond/")).length < replies && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

function benchMoves(file: string): number {
  const db = new Database(file, { readonly: true });
  const row = db.prepare("select count(*) as n from stage_history where note = 'bench move'").get() as {
    n: number;
  };
  db.close();
  return row.n;
}

/**
 * Each server first answers WARMUP commands on initiatives outside the measured ones, at full speed:
 * a fresh process runs its first requests as cold code (up to 140 ms each at 300 req/s in the first
 * 50 ms, then under 6 ms), and a long-running bot is warm. The warm-up's own p99 is reported.
 */
const WARMUP = 300;

interface Run extends Load {
  /** The server's CPU per measured request (ms). */
  cpuPerRequest: number;
  warmupP99: number;
}

interface RealRun extends Run {
  completedRps: number;
  moves: number;
}

async function measured(
  server: Server,
  stub: SlackApiStub,
  amount: number,
  options: { rate?: number; replies: boolean },
): Promise<Run & { seconds: number }> {
  const warmup = await load(server.port, stub, WARMUP, { first: amount });
  if (options.replies) await completion(stub, WARMUP);
  const cpuBefore = await server.cpuMs();
  const started = Date.now();
  const result = await load(server.port, stub, amount, options.rate ? { rate: options.rate } : {});
  if (options.replies) await completion(stub, WARMUP + amount);
  const seconds = (Date.now() - started) / 1000;
  const cpuPerRequest = ((await server.cpuMs()) - cpuBefore) / amount;
  return {
    ...result,
    non2xx: result.non2xx + warmup.non2xx,
    errors: result.errors + warmup.errors,
    seconds,
    cpuPerRequest,
    warmupP99: warmup.p99,
  };
}

async function runBare(amount: number, rate?: number): Promise<Run> {
  const stub = await startSlackApiStub();
  const server = await startServer("bare", []);
  try {
    return await measured(server, stub, amount, { replies: false, ...(rate ? { rate } : {}) });
  } finally {
    await stop(server.child);
    await stub.close();
  }
}

export async function runReal(seeded: Seeded, amount: number, rate?: number): Promise<RealRun> {
  const stub = await startSlackApiStub();
  const file = copyDb(seeded, "slash");
  const server = await startServer("real", [file, stub.apiUrl]);
  let run: Run & { seconds: number };
  try {
    run = await measured(server, stub, amount, { replies: true, ...(rate ? { rate } : {}) });
  } finally {
    await stop(server.child);
    await stub.close();
  }
  // Every request was a real write: count the moves the run left in its database.
  const moves = benchMoves(file);
  rmSync(dirname(file), { recursive: true, force: true });
  return { ...run, completedRps: amount / run.seconds, moves };
}

export async function slashScenario(
  options: { initiatives?: number; amount?: number; runs?: number } = {},
): Promise<Figure[]> {
  const initiatives = options.initiatives ?? 5_000;
  const amount = Math.min(options.amount ?? 1_500, initiatives - WARMUP);
  const runs = options.runs ?? 3;
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.round(initiatives / 1.5),
      historyWeeks: 0,
      now: new Date(),
      nextCheckinAt: new Date(Date.now() + 7 * 86_400_000),
      nextPeriodKey: "bench",
    },
    "slash-seed",
  );
  const bare: Run[] = [];
  const bareFixed: Run[] = [];
  const max: RealRun[] = [];
  const fixed: RealRun[] = [];
  for (let run = 0; run < runs; run++) {
    bare.push(await runBare(amount));
    bareFixed.push(await runBare(amount, 300));
    const r = await runReal(seeded, amount);
    max.push(r);
    fixed.push(await runReal(seeded, amount, 300));
  }
  rmSync(seeded.dir, { recursive: true, force: true });
  const s = "slash";
  const bareRps = median(bare.map((b) => b.rps));
  const realRps = median(max.map((r) => r.rps));
  return [
    figure(s, `portfolio / requests per run`, initiatives, `initiatives / ${amount}`),
    figure(s, "bare Bolt ack-only throughput", bareRps, "req/s"),
    figure(s, "bare p50 / p99", median(bare.map((b) => b.p50)), `ms / ${median(bare.map((b) => b.p99))} ms`),
    figure(s, "our throughput (HTTP answered)", realRps, "req/s"),
    figure(s, "our p50 / p99", median(max.map((r) => r.p50)), `ms / ${median(max.map((r) => r.p99))} ms`),
    figure(s, "throughput ratio ours / bare", realRps / bareRps, "", atLeast(0.8)),
    figure(s, "our throughput (replies posted)", median(max.map((r) => r.completedRps)), "req/s"),
    figure(
      s,
      "server CPU per request: bare / ours",
      median(bare.map((b) => b.cpuPerRequest)),
      `ms / ${median(max.map((r) => r.cpuPerRequest)).toFixed(2)} ms`,
    ),
    figure(s, "p99 at 300 req/s", median(fixed.map((r) => r.p99)), "ms", below(25, "ms")),
    figure(s, "p50 at 300 req/s", median(fixed.map((r) => r.p50)), "ms"),
    figure(
      s,
      "bare p50 / p99 at 300 req/s",
      median(bareFixed.map((b) => b.p50)),
      `ms / ${median(bareFixed.map((b) => b.p99))} ms`,
    ),
    figure(
      s,
      `p99 of the first ${WARMUP} requests after start (warm-up)`,
      median(fixed.map((r) => r.warmupP99)),
      "ms",
    ),
    figure(
      s,
      "non-2xx + errors",
      [...bare, ...bareFixed, ...max, ...fixed].reduce((n, r) => n + r.non2xx + r.errors, 0),
      "",
      exactly(0),
    ),
    figure(
      s,
      "stage moves written / requests (worst run)",
      Math.min(...[...max, ...fixed].map((r) => r.moves)),
      `/ ${amount + WARMUP}`,
      {
        text: `= ${amount + WARMUP}`,
        met: (v) => v === amount + WARMUP,
      },
    ),
  ];
}
