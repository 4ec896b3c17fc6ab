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
  ask: [
    "`/ask <initiative> <text> [--by <date>]` — a decision the team needs from the sponsor (lead, PMO)",
    "`/ask list [initiative]` — open asks with their age",
    "`/ask close|cancel <id>` — resolved another way, or no longer needed",
  ],
};

/** Time away, delegates, holidays (issue 11): shown in help, not a command of their own. */
export const WEEKS_USAGE = [
  "`/pulse away <from> <to> [note]` · `/pulse away until <date>` · `/pulse away` · `/pulse back` — time away (dates YYYY-MM-DD; PMO admins: `/pulse away @person …`)",
  "`/pulse delegate @person|none` — a chief of staff gets a copy of your check-ins and may answer them",
  "`/pulse holidays [add|remove <date> [name] | import <country> [year]]` — no check-ins on holidays (PMO admins change them)",
  "`/pulse country <code>` — your country's public holidays are skipped too",
];

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
      { heading: "Away, delegates and holidays", lines: WEEKS_USAGE },
      { heading: "Decisions waiting on sponsors", lines: USAGE.ask },
      { heading: "PMO", lines: USAGE.pulse },
    ],
    {
      title: "Sponsor Pulse",
      context: "<initiative> is its slug or an unambiguous part of its name.",
    },
  );
}
