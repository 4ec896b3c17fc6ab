import type { Clock } from "../../src/core/clock.js";
import { MINUTE } from "../../src/core/clock.js";

/**
 * Remembers the deliveries already handled, so a Slack retry (X-Slack-Retry-Num) or a replayed
 * request is acknowledged without running the handler again. In memory on purpose: after a restart
 * the core's own idempotency (unique keys per answer, per stage move) is the backstop.
 */
export class DeliveryDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 15 * MINUTE,
    private readonly max = 10_000,
  ) {}

  /** True the first time a key is offered within the TTL, false for a repeat. */
  first(key: string): boolean {
    const now = this.clock.now().getTime();
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    // A Map iterates in insertion order, so the first entries are the oldest.
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A key that is the same for every delivery of one user gesture: the event id for Events API
 * callbacks, the trigger id for commands, clicks and submissions (Slack mints one per gesture).
 */
export function deliveryKey(body: unknown): string | undefined {
  const eventId = str(field(body, "event_id"));
  if (eventId) return `event:${eventId}`;
  const trigger = str(field(body, "trigger_id"));
  const type = str(field(body, "type")) ?? (str(field(body, "command")) ? "command" : undefined);
  if (trigger && type) return `${type}:${trigger}`;
  const actions = field(body, "actions");
  const first = Array.isArray(actions) ? actions[0] : undefined;
  const actionTs = str(field(first, "action_ts"));
  const user = str(field(field(body, "user"), "id"));
  if (actionTs && user) return `action:${user}:${actionTs}`;
  return undefined;
}
