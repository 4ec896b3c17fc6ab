/**
 * Scenario 2: 10,000 sponsors with 15,000 initiatives all due in the same minute, delivered through
 * the Slack API stand-in limited to 100 chat.postMessage calls a second (429 + Retry-After beyond).
 * The bound is sponsors / limit; lost and duplicated messages are counted from the stand-in's record.
 */
import { rmSync } from "node:fs";
import { type SlackApiStub, startSlackApiStub } from "../tests/support/slack-api-stub.js";
import { runWorker } from "./child.js";
import { exactly, type Figure, figure } from "./report.js";
import { seedPortfolio, sponsorUserId } from "./seed.js";

interface WorkerResult {
  startedAt: number;
  totalMs: number;
  firstTickMs: number;
  ticks: { checkins: number; delivery: { sent: number; retried: number; failed: number } }[];
  counts: { checkins: number; outbox: number; sent: number; failed: number };
}

export async function fanoutScenario(
  options: { sponsors?: number; initiatives?: number; limit?: number } = {},
): Promise<Figure[]> {
  const sponsors = options.sponsors ?? 10_000;
  const initiatives = options.initiatives ?? 15_000;
  const limit = options.limit ?? 100;
  const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const seeded = seedPortfolio(
    { initiatives, sponsors, historyWeeks: 0, now: due, nextCheckinAt: due, nextPeriodKey: "bench-1" },
    "fanout",
  );
  const stub = await startSlackApiStub();
  stub.rateLimits.set("chat.postMessage", limit);
  let result: WorkerResult;
  try {
    result = await runWorker<WorkerResult>("bench/fanout-worker.ts", [seeded.file, stub.apiUrl]);
  } finally {
    await stub.close();
    rmSync(seeded.dir, { recursive: true, force: true });
  }
  const { lost, split, duplicated } = deliveryCounts(stub, sponsors);
  const bound = sponsors / limit;
  const posts = stub.callsOf("chat.postMessage");
  const firstPost = posts[0] ? posts[0].at - result.startedAt : Number.NaN;
  const seconds = result.totalMs / 1000;
  const f = "fan-out";
  return [
    figure(f, "sponsors / initiatives due", sponsors, `/ ${initiatives}`),
    figure(f, "check-ins created", result.counts.checkins, "", exactly(initiatives)),
    figure(f, "due → first message posted", firstPost / 1000, "s"),
    figure(f, "total: due → last message accepted", seconds, "s", {
      text: `≤ ${(bound * 1.1).toFixed(0)} s (bound ${bound.toFixed(0)} s + 10%)`,
      met: (v) => v <= bound * 1.1,
    }),
    figure(f, "time / bound", seconds / bound, "×"),
    figure(f, "429s received", stub.rateLimited.get("chat.postMessage") ?? 0, ""),
    figure(f, "chat.postMessage calls", stub.callsOf("chat.postMessage").length, ""),
    figure(f, "ticks", result.ticks.length, ""),
    figure(f, "sponsors without their message (lost)", lost, "", exactly(0)),
    figure(f, "check-ins posted twice (duplicated)", duplicated, "", exactly(0)),
    figure(f, "sponsors sent more than one message", split, "", exactly(0)),
    figure(f, "outbox failed", result.counts.failed, "", exactly(0)),
  ];
}

/**
 * What reached Slack, from the stand-in's record: sponsors without their DM (lost), sponsors with more
 * than one (split), and check-ins in two messages (duplicated; each message names its check-ins in its key).
 */
export function deliveryCounts(
  stub: SlackApiStub,
  sponsors: number,
): { lost: number; split: number; duplicated: number } {
  const perChannel = new Map<string, number>();
  for (const m of stub.messages) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
  let lost = 0;
  let split = 0;
  for (let s = 0; s < sponsors; s++) {
    const n = perChannel.get(`D${sponsorUserId(s)}`) ?? 0;
    if (n === 0) lost++;
    if (n > 1) split++;
  }
  const seen = new Set<string>();
  let duplicated = 0;
  for (const m of stub.messages) {
    const key = String(m.metadata?.event_payload?.dedupe_key ?? "");
    for (const id of key.replace(/^checkin:/, "").split(",")) {
      if (seen.has(id)) duplicated++;
      seen.add(id);
    }
  }
  return { lost, split, duplicated };
}
