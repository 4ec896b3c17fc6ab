import type { Actor, Inbound, Reply } from "./inbound.js";
import type { Message } from "./message.js";

/**
 * What adapters call. One instance serves every platform; adapters translate their payloads into
 * an {@link Inbound} and render the replies.
 */
export interface PulseCore {
  /** Handles a command or an action. Never throws: failures become an ephemeral reply. */
  handle(inbound: Inbound): Promise<Reply[]>;
  /** The person's overview (Slack App Home, Teams personal tab, shell `:home`). */
  home(actor: Actor): Promise<Message>;
}
