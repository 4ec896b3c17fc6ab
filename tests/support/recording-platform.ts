import { type Clock, systemClock } from "../../src/core/clock.js";
import type { Message } from "../../src/core/message.js";
import type { ChatPlatform, Platform, Target } from "../../src/core/platform.js";

export interface SentMessage {
  workspaceId: string;
  target: Target;
  message: Message;
  dedupeKey: string;
  ref: string;
  /** When it was sent, by the clock given (else the system clock). */
  at: Date;
}

/** A ChatPlatform double that records what the core delivers (the Hubot-style test tool). */
export function createRecordingPlatform(platform: Platform = "shell", clock: Clock = systemClock) {
  const sent: SentMessage[] = [];
  const updates: { ref: string; message: Message }[] = [];
  let n = 0;
  const recorder: ChatPlatform & {
    sent: SentMessage[];
    updates: typeof updates;
    to(id: string): SentMessage[];
  } = {
    platform,
    sent,
    updates,
    async send(workspaceId, target, message, options) {
      const ref = `${platform}:${target.id}:${++n}`;
      sent.push({ workspaceId, target, message, dedupeKey: options.dedupeKey, ref, at: clock.now() });
      return ref;
    },
    async update(_workspaceId, ref, message) {
      updates.push({ ref, message });
    },
    async lookupUser(_workspaceId, userId) {
      return { displayName: userId, tz: "Europe/London" };
    },
    async findSent(_workspaceId, _target, dedupeKey) {
      return sent.find((s) => s.dedupeKey === dedupeKey)?.ref;
    },
    to(id: string) {
      return sent.filter((s) => s.target.id === id);
    },
  };
  return recorder;
}
