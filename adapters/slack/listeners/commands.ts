import type { App } from "@slack/bolt";
import { textMessage } from "../../../src/core/message.js";
import { commandInbound, SlashCommandSchema } from "../inbound.js";
import { addInitiativeModal, type ModalContext, stageModal } from "../modals.js";
import { deliverReplies } from "../replies.js";
import { type ListenerDeps, safely, withProfile } from "./deps.js";

/** Which commands open a form instead of answering with a usage line. */
function modalFor(command: string, text: string, ctx: ModalContext) {
  const words = text.trim().toLowerCase();
  if (command === "initiative" && words === "add") return addInitiativeModal(ctx);
  if (command === "stage" && words === "") return stageModal(ctx);
  return undefined;
}

/** `/initiative`, `/stage`, `/checkin`, `/pulse`, `/ask`: ack first, then the core, then the replies. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(/.*/, async ({ ack, body, client }) => {
    // Ack before anything else: Slack gives us 3 seconds and the core may touch the database.
    await ack();
    await safely(deps.logger, "command", async () => {
      const parsed = SlashCommandSchema.safeParse(body);
      if (!parsed.success) {
        deps.logger.warn("slack command payload rejected", { issues: parsed.error.issues.length });
        return;
      }
      const command = parsed.data;
      const inbound = commandInbound(command);
      const ctx = {
        client,
        logger: deps.logger,
        userId: command.user_id,
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
        ...(command.channel_id ? { channelId: command.channel_id } : {}),
      };
      if (!inbound) {
        // A manifest out of step with the code: say so rather than leave the person with silence.
        deps.logger.warn("slack command unknown", { command: command.command });
        const text = `I do not know ${command.command}. Type \`/pulse help\` for the commands.`;
        await deliverReplies([{ audience: "ephemeral", message: textMessage(text) }], ctx);
        return;
      }
      const view = modalFor(inbound.command, inbound.text, {
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
        ...(command.channel_id ? { channelId: command.channel_id } : {}),
      });
      if (view && command.trigger_id) {
        await client.views.open({ trigger_id: command.trigger_id, view });
        return;
      }
      const actor = await withProfile(deps, inbound.actor);
      await deliverReplies(await deps.core.handle({ ...inbound, actor }), ctx);
    });
  });
}
