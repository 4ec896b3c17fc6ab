/**
 * One digest measurement in a fresh process, so peak memory (max RSS) is the digest's own and not
 * whatever the parent allocated while seeding. Prints one JSON line: run times (ms) and peak RSS (MB).
 */
import { closeDatabase, openDatabase } from "../db/client.js";
import { loadDigestData } from "../db/repositories/digest-data.js";
import { buildDigest } from "../src/digest/build.js";
import { digestToText } from "../src/digest/render.js";

const [file, nowIso, runsText] = process.argv.slice(2);
if (!file || !nowIso) throw new Error("usage: digest-worker <db file> <now ISO> [runs]");
const now = new Date(nowIso);
const since = new Date(now.getTime() - 7 * 24 * 3600_000);
const db = openDatabase(file);
const baseRss = process.resourceUsage().maxRSS / 1024;
const times: number[] = [];
let lines = 0;
for (let run = 0; run < Number(runsText ?? 5); run++) {
  const started = performance.now();
  const data = await loadDigestData(db, "T1", { now, since });
  const digest = buildDigest(data, now, data.settings);
  lines = digestToText(digest).split("\n").length;
  times.push(performance.now() - started);
}
closeDatabase(db);
process.stdout.write(
  `${JSON.stringify({ times, peakRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb: baseRss, lines })}\n`,
);
