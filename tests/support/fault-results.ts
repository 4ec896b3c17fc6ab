/**
 * Fault tests append what they injected and checked (one JSON line per case) to a results file, from
 * which tests/faults/RESULTS.md is written. FAULT_RESULTS names the file; nothing is written without it.
 */
import { appendFileSync } from "node:fs";

export function recordResult(suite: string, numbers: Record<string, unknown>): void {
  const file = process.env.FAULT_RESULTS;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ suite, ...numbers })}\n`);
}
