import type { FeatureModule, SubHandler } from "../commands/module.js";
import { PulseError } from "../core/errors.js";
import { stageHelp } from "../domain/stages.js";
import { INITIATIVE_USAGE, initiativeCommands } from "./initiative.js";
import { setDetail } from "./initiative-set.js";
import { adminCommand, channelCommand } from "./pulse-admin.js";
import { STAGE_USAGE, stageCommand } from "./stage.js";

/** `/initiative <verb> …`. */
const initiativeCommand: SubHandler = async (ctx, args) => {
  const [verb, ...rest] = args.words;
  const sub = { ...args, words: rest };
  switch (verb?.toLowerCase()) {
    case "add":
      return initiativeCommands.add(ctx, sub);
    case "list":
    case "ls":
      return initiativeCommands.list(ctx);
    case "show":
      return initiativeCommands.show(ctx, sub);
    case "set":
      return setDetail(ctx, sub);
    case "pause":
      return initiativeCommands.setStatus(ctx, sub, "paused", "pause");
    case "resume":
      return initiativeCommands.setStatus(ctx, sub, "active", "resume");
    case "close":
      return initiativeCommands.setStatus(ctx, sub, "closed", "close");
    default:
      throw new PulseError(
        "usage",
        verb ? `Unknown sub-command "${verb}".` : "What should I do?",
        INITIATIVE_USAGE,
      );
  }
};

/** The portfolio: initiatives, their stages, and the workspace's PMO admins and channel. */
export const portfolioModule: FeatureModule = {
  name: "portfolio",
  commands: { initiative: initiativeCommand, stage: stageCommand },
  pulse: { admin: adminCommand, admins: adminCommand, channel: channelCommand },
  help: [
    { heading: "Initiatives", usage: "initiative", lines: INITIATIVE_USAGE },
    { heading: "Stages", usage: "stage", lines: STAGE_USAGE },
    { heading: "Stages and their aliases", lines: stageHelp() },
    {
      heading: "PMO",
      usage: "pulse",
      lines: [
        "`/pulse admin add|remove @person` — manage PMO admins",
        "`/pulse channel #channel` — default PMO channel for digests and escalations",
      ],
    },
  ],
};
