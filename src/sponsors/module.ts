import type { FeatureModule } from "../commands/module.js";
import { awayCommand, backCommand } from "./away.js";
import { countryCommand } from "./country.js";
import { delegateCommand } from "./delegate.js";
import { holidaysCommand } from "./holidays.js";

/** What the sponsors' real weeks (issue 11) add to `/pulse`: time away, delegates, holidays. */
export const sponsorModule: FeatureModule = {
  name: "sponsors",
  pulse: {
    away: awayCommand,
    back: backCommand,
    delegate: delegateCommand,
    holidays: holidaysCommand,
    holiday: holidaysCommand,
    country: countryCommand,
  },
  help: [
    {
      heading: "Away, delegates and holidays",
      lines: [
        "`/pulse away <from> <to> [note]` · `/pulse away until <date>` · `/pulse away` · `/pulse back` — time away (dates YYYY-MM-DD; PMO admins: `/pulse away @person …`)",
        "`/pulse delegate @person|none` — a chief of staff gets a copy of your check-ins and may answer them",
        "`/pulse holidays [add|remove <date> [name] | import <country> [year]]` — no check-ins on holidays (PMO admins change them)",
        "`/pulse country <code>` — your country's public holidays are skipped too",
      ],
    },
  ],
};
