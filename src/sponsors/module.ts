import type { Extensions } from "../app/dispatch.js";
import { awayCommand, backCommand } from "./away.js";
import { countryCommand } from "./country.js";
import { delegateCommand } from "./delegate.js";
import { holidaysCommand } from "./holidays.js";

/** What the sponsors' real weeks add to `/pulse`. */
export const sponsorExtensions: Extensions = {
  pulse: {
    away: awayCommand,
    back: backCommand,
    delegate: delegateCommand,
    holidays: holidaysCommand,
    holiday: holidaysCommand,
    country: countryCommand,
  },
};
