import type { App } from "@slack/bolt";
import { actionInbound, BlockActionsSchema, interactionActor } from "../inbound.js";
import { noteModal } from "../modals.js";
import { decodeActionId, NOTE_ACTION_ID, NoteRequestSchema } from "../render.js";
import { deliverReplies } from "../replies.js";
import { type ListenerDeps, safely, withProfile } from "./deps.js";

/** Clicks and selections on our messages; "Add a note" opens a modal instead of reaching the core. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(/.*/, async ({ ack, body, client }) => {
    await ack();
    await safely(deps.logger, "action", async () => {
      const parsed = BlockActionsSchema.safeParse(body);
      const actor = parsed.success ? interactionActor(parsed.data) : undefined;
      if (!parsed.success || !actor) {
        deps.logger.warn("slack action payload rejected", { type: typeof body });
        return;
      }
      const payload = parsed.data;
      const inbound = actionInbound(payload, actor);
      if (!inbound) {
        deps.logger.warn("slack action without a value", { actionId: payload.actions[0]?.action_id });
        return;
      }
      const ctx = {
        ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
        ...(inbound.messageRef ? { messageRef: inbound.messageRef } : {}),
        ...(payload.container?.channel_id ? { channelId: payload.container.channel_id } : {}),
        ...(payload.container?.is_ephemeral ? { replaceOriginal: true } : {}),
      };
      if (decodeActionId(payload.actions[0]?.action_id ?? "") === NOTE_ACTION_ID) {
        const note = NoteRequestSchema.safeParse(safeJson(inbound.value));
        if (!note.success || !payload.trigger_id) {
          deps.logger.warn("slack note button without a valid request");
          return;
        }
        await client.views.open({ trigger_id: payload.trigger_id, view: noteModal(note.data, ctx) });
        return;
      }
      const replies = await deps.core.handle({ ...inbound, actor: await withProfile(deps, actor) });
      await deliverReplies(replies, { client, logger: deps.logger, userId: actor.userId, ...ctx });
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
