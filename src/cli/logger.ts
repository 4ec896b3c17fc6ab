import { type Logger, redact } from "../core/logger.js";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON lines on stderr (stdout stays for the shell chat and CLI output). Known secrets are
 * scrubbed from every value before it is written.
 */
export function createConsoleLogger(options: { level?: Level; secrets?: string[] } = {}): Logger {
  const min = ORDER[options.level ?? (process.env.LOG_LEVEL as Level | undefined) ?? "info"] ?? ORDER.info;
  const secrets = (options.secrets ?? []).filter(Boolean);
  const write = (level: Level, msg: string, context?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...redact(context, secrets) });
    process.stderr.write(`${line}\n`);
  };
  return {
    debug: (m, c) => write("debug", m, c),
    info: (m, c) => write("info", m, c),
    warn: (m, c) => write("warn", m, c),
    error: (m, c) => write("error", m, c),
  };
}
