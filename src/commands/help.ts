import type { CommandName } from "../core/inbound.js";
import { type Message, message } from "../core/message.js";
import { stageHelp } from "../domain/stages.js";

export const USAGE: Record<CommandName, string[]> = {
  initiative: [
    "`/initiative add <name> --sponsor @person --lead @person [--stage <stage>] [--cadence weekly|biweekly|monthly|<cron>] [--channel #pmo] [--metric <success metric>] [--readiness <data readiness>]`",
    "`/initiative list`",
    "`/initiative show <initiative>`",
    "`/initiative set <initiative> metric|readiness|cadence|channel|sponsor|lead|name <value>`",
    "`/initiative pause|resume|close <initiative> [reason]`",
  ],
  stage: [
    "`/stage <initiative> <stage> [note…] [--force <reason>]` — move to a stage",
    "`/stage <initiative>` — current stage and history",
  ],
  checkin: ["`/checkin` — your pending check-ins, to answer them here"],
  pulse: [
    "`/pulse help`",
    "`/pulse digest` — the portfolio digest now (PMO admins)",
    "`/pulse admin add|remove @person` — manage PMO admins",
    "`/pulse channel #channel` — default PMO channel for digests and escalations",
    "`/pulse ack <initiative>` · `/pulse snooze <initiative> <days>` — handle an escalation",
  ],
  ask: ["`/ask <initiative> <text> [--by <date>]`", "`/ask list [initiative]`", "`/ask close|cancel <id>`"],
};

export function usageOf(command: CommandName): string[] {
  return USAGE[command];
}

export function helpMessage(): Message {
  return message(
    "Sponsor Pulse commands",
    [
      { heading: "Initiatives", lines: USAGE.initiative },
      { heading: "Stages", lines: USAGE.stage },
      { heading: "Stages and their aliases", lines: stageHelp() },
      { heading: "Check-ins", lines: USAGE.checkin },
      { heading: "PMO", lines: USAGE.pulse },
    ],
    {
      title: "Sponsor Pulse",
      context: "<initiative> is its slug or an unambiguous part of its name.",
    },
  );
}
