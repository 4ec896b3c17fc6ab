// Preloaded into a measured process (`node --import ./bench/max-rss.mjs …`): its peak RSS on exit, on stderr.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
