import { DeliveryError } from "../../src/core/platform.js";

export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Back-off for 5xx without Retry-After: base × 2^(attempt-1). */
  baseDelayMs: number;
  /** Longer waits are not slept here: the error goes back to the outbox with the wait. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Told about each wait, for the log. */
  onRetry?: (what: string, cause: string, waitMs: number) => void;
}

export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface ConnectorFailure {
  status: number | undefined;
  retryAfterMs: number | undefined;
  code: string | undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if ("get" in headers && typeof headers.get === "function") {
    const value: unknown = headers.get(name);
    return typeof value === "string" ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Reads what the connector (core-client's RestError) said, without trusting its shape. */
export function describeFailure(error: unknown): ConnectorFailure {
  if (!error || typeof error !== "object")
    return { status: undefined, retryAfterMs: undefined, code: undefined };
  const e = error as {
    name?: unknown;
    statusCode?: unknown;
    code?: unknown;
    response?: { status?: unknown; headers?: unknown };
  };
  // Our request timeout aborts the call: it may or may not have arrived, so it is not retried here.
  if (e.name === "AbortError") return { status: undefined, retryAfterMs: undefined, code: "ETIMEDOUT" };
  const rawStatus = e.statusCode ?? e.response?.status;
  const status = typeof rawStatus === "number" ? rawStatus : undefined;
  return {
    status,
    retryAfterMs: parseRetryAfter(headerValue(e.response?.headers, "retry-after")),
    code: typeof e.code === "string" ? e.code : undefined,
  };
}

function isRetryable(failure: ConnectorFailure): boolean {
  if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
  // Refused connections never reached the connector, so a retry cannot duplicate a message.
  return failure.code === "ECONNREFUSED";
}

function toDeliveryError(failure: ConnectorFailure, what: string): DeliveryError {
  const status = failure.status;
  if (status === 403 || status === 404) {
    return new DeliveryError(
      "unreachable",
      `${what}: Teams refused the conversation (${status}); the bot may have been removed`,
    );
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 412) {
    return new DeliveryError("permanent", `${what}: the Teams connector rejected the message (${status})`);
  }
  const detail = status !== undefined ? String(status) : (failure.code ?? "network error");
  return new DeliveryError(
    "retry",
    `${what}: the Teams connector is unavailable (${detail})`,
    failure.retryAfterMs,
  );
}

/**
 * Runs one connector call, retrying 429 and 5xx (which the connector answers before accepting a
 * message, so a retry never duplicates one) and honouring Retry-After. Anything else, or a wait
 * longer than `maxDelayMs`, becomes a DeliveryError for the caller's outbox to reschedule.
 */
export async function withConnectorRetry<T>(
  what: string,
  call: () => Promise<T>,
  options: RetryOptions = defaultRetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const failure = describeFailure(error);
      // Not a connector answer nor a network failure: a bug, surfaced as is.
      if (failure.status === undefined && failure.code === undefined) throw error;
      if (!isRetryable(failure) || attempt >= options.maxAttempts) throw toDeliveryError(failure, what);
      const wait = failure.retryAfterMs ?? options.baseDelayMs * 2 ** (attempt - 1);
      if (wait > options.maxDelayMs) throw toDeliveryError(failure, what);
      options.onRetry?.(what, String(failure.status ?? failure.code), wait);
      await options.sleep(wait);
    }
  }
}
