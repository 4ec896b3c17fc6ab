import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";
import { redactString } from "../../src/core/logger.js";

function describe(parts: unknown[], secrets: string[]): string {
  const text = parts
    .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p)))
    .join(" ");
  // An upload URL is a short-lived grant to write a file: as good as a secret while it lasts.
  return redactString(text, secrets).replace(/("upload_url"\s*:\s*")[^"]*/g, "$1[redacted]");
}

/**
 * Bolt and the WebClient log through this bridge into our Logger; every line is redacted because
 * their debug output includes request bodies.
 */
export function boltLogger(logger: Logger, secrets: string[]): BoltLogger {
  let level = "info" as LogLevel;
  let name = "slack";
  return {
    debug: (...parts: unknown[]) => logger.debug(`${name}: ${describe(parts, secrets)}`),
    info: (...parts: unknown[]) => logger.info(`${name}: ${describe(parts, secrets)}`),
    warn: (...parts: unknown[]) => logger.warn(`${name}: ${describe(parts, secrets)}`),
    error: (...parts: unknown[]) => logger.error(`${name}: ${describe(parts, secrets)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
