/**
 * One digest measurement in a fresh process, so peak memory (max RSS) is the digest's own and not
 * whatever the parent allocated while seeding. It runs what the bot runs: the composition root's digest
 * store (with the sponsors' time away, asks and decisions) through `digestNow` — the function behind the
 * scheduled post's build, `/pulse digest` and `sponsor-pulse digest --print` — then the text render.
 * Prints one JSON line: run times (ms), peak RSS (MB) and the digest text's line count.
 */
import { compose } from "../src/cli/compose.js";
import { loadEnv } from "../src/config/env.js";
import { systemClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { digestNow } from "../src/digest/module.js";
import { digestToText } from "../src/digest/render.js";

const [file, nowIso, runsText] = process.argv.slice(2);
if (!file || !nowIso) throw new Error("usage: digest-worker <db file> <now ISO> [runs]");
const now = new Date(nowIso);
const rt = compose(loadEnv({ DATABASE_URL: file }), systemClock, silentLogger);
const baseRss = process.resourceUsage().maxRSS / 1024;
const times: number[] = [];
let lines = 0;
for (let run = 0; run < Number(runsText ?? 5); run++) {
  const started = performance.now();
  const digest = await digestNow(rt.digests, "T1", now);
  lines = digestToText(digest).split("\n").length;
  times.push(performance.now() - started);
}
rt.close();
process.stdout.write(
  `${JSON.stringify({ times, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb: baseRss, lines })}\n`,
);
