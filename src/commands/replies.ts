import type { Reply } from "../core/inbound.js";
import { type Message, textMessage } from "../core/message.js";

export function ephemeral(message: Message): Reply {
  return { audience: "ephemeral", message };
}

export function inChannel(message: Message): Reply {
  return { audience: "channel", message };
}

/** A short confirmation, with optional detail lines. */
export function ok(text: string, lines: string[] = []): Reply {
  const msg = textMessage(text, "success");
  if (lines.length) msg.sections.push({ lines });
  return ephemeral(msg);
}
