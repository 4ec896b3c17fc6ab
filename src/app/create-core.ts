import type { FeatureModule } from "../commands/module.js";
import type { Actor, Inbound, Reply } from "../core/inbound.js";
import type { Message } from "../core/message.js";
import type { PulseCore } from "../core/pulse.js";
import type { CoreDeps } from "../ports/deps.js";
import { createDispatcher, errorReply } from "./dispatch.js";
import { homeView } from "./home.js";

/** The PulseCore every adapter talks to: dispatch, plus the error edge that never throws. */
export function createCore(deps: CoreDeps, modules: readonly FeatureModule[]): PulseCore {
  const dispatcher = createDispatcher(deps, modules);
  return {
    async handle(inbound: Inbound): Promise<Reply[]> {
      try {
        return inbound.kind === "command"
          ? await dispatcher.command(inbound)
          : await dispatcher.action(inbound);
      } catch (error) {
        const what =
          inbound.kind === "command" ? { command: inbound.command } : { actionId: inbound.actionId };
        return [
          errorReply(deps, error, {
            ...what,
            workspace: inbound.actor.workspaceId,
            user: inbound.actor.userId,
          }),
        ];
      }
    },
    async home(actor: Actor): Promise<Message> {
      try {
        return await homeView(deps, actor);
      } catch (error) {
        const reply = errorReply(deps, error, {
          view: "home",
          workspace: actor.workspaceId,
          user: actor.userId,
        });
        return reply.message;
      }
    },
  };
}
