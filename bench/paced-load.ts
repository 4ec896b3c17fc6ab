/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, whatever became of the
 * others, and its latency counts from that due time (so a stalled server cannot hide its queue).
 *
 * autocannon's `overallRate` is not that: each connection sends its share of a second back to back
 * and then waits for the next one-second tick, so "300 req/s" arrives as one burst of 300 at the top
 * of every second, and its coordinated-omission correction then back-fills a 1 ms-spaced series
 * below every slow answer. Both inflate the p99 of a server that keeps up easily (a bare ack-only
 * Bolt app showed 11–25 ms). autocannon stays the tool for maximum throughput (closed loop).
 */
import { Agent, request } from "node:http";
import { median } from "./report.js";

export interface PacedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface PacedResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function pacedLoad(
  url: string,
  amount: number,
  rate: number,
  build: (i: number) => PacedRequest,
): Promise<PacedResult> {
  const target = new URL(url);
  // Enough sockets that the client never queues a due request behind a slow one.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = build(i);
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          res.once("end", () => {
            latencies.push(performance.now() - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.once("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < amount; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i, due));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rps: amount / seconds,
    p50: round(median(sorted)),
    p99: round(percentile(sorted, 0.99)),
    non2xx,
    errors,
    seconds,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
