import type { Extensions } from "../app/dispatch.js";
import { askActions } from "./actions.js";
import { askCommand } from "./commands.js";

/** What asks add to the command language: `/ask` and the Done / Decline / Need more info buttons. */
export const askExtensions: Extensions = {
  commands: { ask: askCommand },
  actions: askActions,
};
