import type { ActionHandler, FeatureModule, HelpSection, SubHandler } from "../commands/module.js";
import type { CommandName } from "../core/inbound.js";

/** The registered modules as lookup tables: who answers each command, `/pulse` verb and action. */
export interface Features {
  commands: Partial<Record<CommandName, SubHandler>>;
  pulse: Record<string, SubHandler>;
  actions: Record<string, ActionHandler>;
  help: HelpSection[];
}

/** Two modules claiming one name is a wiring mistake: refused when the core is built, not at the first click. */
function claim<T>(
  table: Record<string, T>,
  owners: Map<string, string>,
  entries: Readonly<Record<string, T>> | undefined,
  module: string,
  kind: string,
): void {
  for (const [name, handler] of Object.entries(entries ?? {})) {
    const owner = owners.get(`${kind} ${name}`);
    if (owner) throw new Error(`${kind} "${name}" is registered by both ${owner} and ${module}.`);
    owners.set(`${kind} ${name}`, module);
    table[name] = handler;
  }
}

export function combineModules(modules: readonly FeatureModule[]): Features {
  const features: Features = { commands: {}, pulse: {}, actions: {}, help: [] };
  const owners = new Map<string, string>();
  for (const m of modules) {
    claim(features.commands, owners, m.commands, m.name, "command");
    claim(features.pulse, owners, m.pulse, m.name, "/pulse verb");
    claim(features.actions, owners, m.actions, m.name, "action");
    features.help.push(...(m.help ?? []));
  }
  return features;
}

/** The usage lines of a command, in module order (shown with its usage errors). */
export function usageOf(features: Features, command: CommandName): string[] {
  return features.help.filter((s) => s.usage === command).flatMap((s) => s.lines);
}
