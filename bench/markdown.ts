/** Prints bench/results.json (the last full `npm run bench`) as the README's Markdown table. */
import { readFileSync } from "node:fs";
import { type Figure, formatMarkdown } from "./report.js";

const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as {
  takenAt: string;
  seconds: number;
  machine: {
    cpu: string;
    cores: number;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverage1m: { before: number; after: number };
  };
  figures: Figure[];
};
const m = results.machine;
console.log(formatMarkdown(results.figures));
console.log(
  `\nMachine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; taken ${results.takenAt.slice(0, 16).replace("T", " ")} UTC, ${Math.round(results.seconds)} s in all, load average ${m.loadAverage1m.before.toFixed(1)} → ${m.loadAverage1m.after.toFixed(1)}.`,
);
