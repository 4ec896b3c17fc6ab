import type { Extensions } from "../app/dispatch.js";
import { answerAction, checkinCommand } from "./answer.js";
import { ackCommand, escalationAction, snoozeCommand } from "./escalation-commands.js";
import { ACTION } from "./prompt.js";

/** What the check-in module adds to the command language. */
export const checkinExtensions: Extensions = {
  commands: { checkin: (ctx) => checkinCommand(ctx) },
  pulse: { ack: ackCommand, snooze: snoozeCommand },
  actions: {
    [ACTION.choice]: answerAction,
    [ACTION.confidence]: answerAction,
    [ACTION.note]: answerAction,
    [ACTION.answer]: answerAction,
    "escalation.ack": escalationAction,
    "escalation.snooze": escalationAction,
  },
};
