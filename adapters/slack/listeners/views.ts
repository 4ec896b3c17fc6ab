import type { App } from "@slack/bolt";
import type { Inbound } from "../../../src/core/inbound.js";
import { interactionActor, ViewSubmissionSchema, viewValues } from "../inbound.js";
import {
  ADD_INITIATIVE_VIEW,
  addInitiativeCommand,
  NOTE_VIEW,
  parseModalContext,
  STAGE_VIEW,
  stageFormCommand,
} from "../modals.js";
import { deliverReplies } from "../replies.js";
import { type ListenerDeps, safely, withProfile } from "./deps.js";

/** Modal submissions become a command in its parts (nothing typed is parsed again), or the action with its inputs. */
export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(/^pulse\./, async ({ ack, body, client }) => {
    const parsed = ViewSubmissionSchema.safeParse(body);
    const actor = parsed.success ? interactionActor(parsed.data) : undefined;
    if (!parsed.success || !actor) {
      await ack();
      deps.logger.warn("slack view payload rejected");
      return;
    }
    const { view } = parsed.data;
    const values = viewValues(view);
    const ctx = parseModalContext(view.private_metadata);
    let inbound: Inbound | undefined;
    if (view.callback_id === ADD_INITIATIVE_VIEW) {
      const form = addInitiativeCommand(values);
      if (form) inbound = { kind: "command", actor, command: "initiative", ...form };
    } else if (view.callback_id === STAGE_VIEW) {
      const form = stageFormCommand(values);
      if (form) inbound = { kind: "command", actor, command: "stage", ...form };
    } else if (view.callback_id === NOTE_VIEW && ctx.note) {
      const { actionId, ref } = ctx.note;
      inbound = {
        kind: "action",
        actor,
        actionId,
        value: ref,
        inputs: { [actionId]: values.note ?? "" },
        ...(ctx.messageRef ? { messageRef: ctx.messageRef } : {}),
      };
    }
    if (!inbound) {
      // Slack shows these next to the inputs and keeps the modal open.
      const first =
        view.callback_id === STAGE_VIEW ? "initiative" : view.callback_id === NOTE_VIEW ? "note" : "name";
      await ack({ response_action: "errors", errors: { [first]: "Please fill in the required fields." } });
      return;
    }
    if (inbound.kind === "command" && ctx.channelId) inbound.channelId = ctx.channelId;
    await ack();
    const submitted = inbound;
    await safely(deps.logger, "view submission", async () => {
      const replies = await deps.core.handle({ ...submitted, actor: await withProfile(deps, actor) });
      await deliverReplies(replies, {
        client,
        logger: deps.logger,
        userId: actor.userId,
        ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}),
        ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
        ...(ctx.messageRef ? { messageRef: ctx.messageRef } : {}),
        ...(ctx.replaceOriginal ? { replaceOriginal: true } : {}),
      });
    });
  });
}
