import type { FeatureModule } from "../commands/module.js";
import { answerAction, checkinCommand } from "./answer.js";
import { ackCommand, escalationAction, snoozeCommand } from "./escalation-commands.js";
import { ACTION } from "./prompt.js";

/** What check-ins add to the command language: `/checkin`, the answer buttons, and escalations. */
export const checkinModule: FeatureModule = {
  name: "checkins",
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
  help: [
    {
      heading: "Check-ins",
      usage: "checkin",
      lines: ["`/checkin` — your pending check-ins, to answer them here"],
    },
    {
      heading: "PMO",
      usage: "pulse",
      lines: ["`/pulse ack <initiative>` · `/pulse snooze <initiative> <days>` — handle an escalation"],
    },
  ],
};
