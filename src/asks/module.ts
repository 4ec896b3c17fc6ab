import type { FeatureModule } from "../commands/module.js";
import { askActions } from "./actions.js";
import { askCommand } from "./commands.js";

/** What asks add to the command language: `/ask` and the Done / Decline / Need more info buttons. */
export const askModule: FeatureModule = {
  name: "asks",
  commands: { ask: askCommand },
  actions: askActions,
  help: [
    {
      heading: "Decisions waiting on sponsors",
      usage: "ask",
      lines: [
        "`/ask <initiative> <text> [--by <date>]` — a decision the team needs from the sponsor (lead, PMO)",
        "`/ask list [initiative]` — open asks with their age",
        "`/ask close|cancel <id>` — resolved another way, or no longer needed",
      ],
    },
  ],
};
