/** Structured logger port; adapters and the CLI inject an implementation. */
export interface Logger {
  debug(msg: string, context?: Record<string, unknown>): void;
  info(msg: string, context?: Record<string, unknown>): void;
  warn(msg: string, context?: Record<string, unknown>): void;
  error(msg: string, context?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Keys whose values must never reach a log line. */
const SECRET_KEY = /token|secret|password|authorization|signature|cookie/i;

/** Replace secret-looking values in a log context (one level deep plus error messages). */
export function redact(
  context: Record<string, unknown> | undefined,
  secrets: string[] = [],
): Record<string, unknown> {
  if (!context) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (SECRET_KEY.test(key)) {
      out[key] = "[redacted]";
      continue;
    }
    let v: unknown = value instanceof Error ? value.message : value;
    if (typeof v === "string") v = redactString(v, secrets);
    out[key] = v;
  }
  return out;
}

export function redactString(text: string, secrets: string[]): string {
  let result = text
    .replace(/xox[abpre]-[A-Za-z0-9-]+/g, "xox?-[redacted]")
    .replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
  for (const secret of secrets) {
    if (secret.length >= 6) result = result.split(secret).join("[redacted]");
  }
  return result;
}
