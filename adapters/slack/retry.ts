import { webApi } from "@slack/bolt";
import { redactString } from "../../src/core/logger.js";
import { DeliveryError } from "../../src/core/platform.js";

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/** About half a minute in the worst case, so one bad message does not hold a whole tick. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, minDelayMs: 500, maxDelayMs: 8_000 };

/** The same policy in the WebClient's own terms, for the client Bolt hands to listeners. */
export function webClientRetry(policy: RetryPolicy): webApi.RetryOptions {
  return {
    retries: Math.max(0, policy.attempts - 1),
    factor: 2,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
  };
}

const UNREACHABLE = new Set([
  "channel_not_found",
  "not_in_channel",
  "user_not_found",
  "users_not_found",
  "cannot_dm_bot",
  "user_disabled",
  "account_inactive",
  "is_archived",
  "user_not_visible",
  "message_not_found",
]);
const TRANSIENT = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Any WebClient failure → DeliveryError; the message names the method and Slack's code, never a token. */
export function toDeliveryError(method: string, error: unknown, secrets: string[]): DeliveryError {
  const detail = (text: string) => redactString(`Slack ${method} failed: ${text}`, secrets);
  if (error instanceof DeliveryError) return error;
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (UNREACHABLE.has(code)) return new DeliveryError("unreachable", detail(code));
    return new DeliveryError(TRANSIENT.has(code) ? "retry" : "permanent", detail(code));
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError("retry", detail("rate limited"), error.retryAfter * 1000);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError(
      error.statusCode >= 500 ? "retry" : "permanent",
      detail(`HTTP ${error.statusCode}`),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("retry", detail(message));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryHooks<T> {
  /**
   * Asked after a failure that may have landed, before trying again: did the first attempt land after all?
   * This is what keeps a retried chat.postMessage from posting twice.
   */
  landed?: () => Promise<T | undefined>;
  onRetry?: (failure: DeliveryError, attempt: number) => void;
}

/**
 * Runs one Web API call with our retry rules: 429 waits for Retry-After, 5xx and network errors back
 * off exponentially, anything Slack refused is final. Throws the last failure as a DeliveryError.
 */
export async function withRetry<T>(
  method: string,
  policy: RetryPolicy,
  secrets: string[],
  run: () => Promise<T>,
  hooks: RetryHooks<T> = {},
): Promise<T> {
  let delay = policy.minDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const failure = toDeliveryError(method, error, secrets);
      if (failure.failure !== "retry" || attempt >= policy.attempts) throw failure;
      hooks.onRetry?.(failure, attempt);
      await sleep(failure.retryAfterMs ?? delay);
      delay = Math.min(delay * 2, policy.maxDelayMs);
      // A 429 certainly did not land; a timeout, a reset or a 5xx may have.
      if (failure.retryAfterMs === undefined && hooks.landed) {
        // If we cannot tell, do not guess: posting again could duplicate, so the caller retries later.
        // A lookup that must wait its turn says how long: the caller retries then, not sooner.
        const found = await hooks.landed().catch((lookup: unknown) => {
          throw lookup instanceof DeliveryError && lookup.retryAfterMs !== undefined ? lookup : failure;
        });
        if (found !== undefined) return found;
      }
    }
  }
}
