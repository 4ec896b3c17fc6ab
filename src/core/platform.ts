import type { Message } from "./message.js";

export type Platform = "slack" | "teams" | "shell";

/** Where a proactive message goes: a person's DM or a channel. Ids are the platform's own. */
export interface Target {
  kind: "user" | "channel";
  id: string;
}

export interface SendOptions {
  /** Unique per logical message; lets an adapter recognise a send interrupted by a crash. */
  dedupeKey: string;
}

export interface UserProfile {
  displayName: string;
  tz?: string;
  isBot?: boolean;
}

/**
 * The port the core delivers through. Adapters implement it; the core never sees an SDK.
 * Message refs are opaque strings the adapter encodes (e.g. `slack:D123:1712.0001`), so a
 * message can be updated later from stored state alone.
 */
export interface ChatPlatform {
  readonly platform: Platform;
  send(workspaceId: string, target: Target, message: Message, options: SendOptions): Promise<string>;
  update(workspaceId: string, ref: string, message: Message): Promise<void>;
  /** Name, time zone and bot flag of a platform user, for people seen for the first time. */
  lookupUser?(workspaceId: string, userId: string): Promise<UserProfile | undefined>;
  /** After a crash mid-send: the ref of a message with this dedupe key if it did arrive. */
  findSent?(workspaceId: string, target: Target, dedupeKey: string): Promise<string | undefined>;
}

export type DeliveryFailure = "retry" | "permanent" | "unreachable";

/**
 * Thrown by adapters. `retry`: try again later (after `retryAfterMs` if given); `permanent`: the
 * platform refused the message; `unreachable`: no way to reach the target (e.g. bot not installed).
 */
export class DeliveryError extends Error {
  readonly failure: DeliveryFailure;
  readonly retryAfterMs: number | undefined;

  constructor(failure: DeliveryFailure, message: string, retryAfterMs?: number) {
    super(message);
    this.name = "DeliveryError";
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
  }
}
