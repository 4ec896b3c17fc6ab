import { handOverNote, type PreparedHandOver, prepareHandOver } from "../asks/hand-over.js";
import { type CommandContext, resolvePersonMention } from "../commands/context.js";
import { findInitiative } from "../commands/find-initiative.js";
import { ok } from "../commands/replies.js";
import { type ParsedArgs, splitWords } from "../commands/tokenize.js";
import { parseChannelRef, validateCadence, validateName, validateText } from "../commands/validate.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import { uniqueSlug } from "../domain/slug.js";
import type { InitiativePatch } from "../ports/portfolio-store.js";
import { initiativeCommands } from "./initiative.js";

const FIELDS = ["metric", "readiness", "cadence", "channel", "sponsor", "lead", "name"] as const;
type SetField = (typeof FIELDS)[number];

const USAGE = "`/initiative set <initiative> metric|readiness|cadence|channel|sponsor|lead|name <value>`";

/** `/initiative set <initiative> <field> <value…>`: the details a lead keeps current. */
export async function setDetail(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const all = await ctx.deps.store.listInitiatives(ctx.workspace.id);
  const fieldAt = args.words.findIndex(
    (w, i) => i > 0 && (FIELDS as readonly string[]).includes(w.toLowerCase()),
  );
  if (fieldAt < 1) throw new PulseError("usage", "What should change?", [USAGE]);
  const initiative = findInitiative(all, args.words.slice(0, fieldAt).join(" "));
  const field = args.words[fieldAt]?.toLowerCase() as SetField;
  const value = args.words.slice(fieldAt + 1).join(" ");
  const isSponsor = initiative.sponsors.some((p) => p.id === ctx.actor.id);
  // A sponsor may hand over sponsorship; everything else is for the lead or a PMO admin.
  if (!initiativeCommands.canManage(ctx, initiative) && !(field === "sponsor" && isSponsor)) {
    throw initiativeCommands.refuseManage(initiative, `change its ${field}`);
  }
  const patch: InitiativePatch = {};
  let handOver: PreparedHandOver | undefined;
  switch (field) {
    case "metric":
      patch.successMetric = validateText(value, "The success metric");
      break;
    case "readiness":
      patch.dataReadiness = validateText(value, "The data-readiness note");
      break;
    case "cadence":
      patch.cadence = validateCadence(value);
      break;
    case "channel":
      patch.pmoChannel = value.toLowerCase() === "default" ? null : parseChannelRef(value);
      break;
    case "sponsor":
    case "lead": {
      const words = splitWords(value);
      const none = words.length === 1 && words[0]?.toLowerCase() === "none";
      if (words.length === 0)
        throw new PulseError(
          "invalid",
          `Name the ${field}: \`/initiative set ${initiative.slug} ${field} @person\`.`,
        );
      if (none && field === "lead")
        throw new PulseError("invalid", "An initiative always has a lead; name the new one.");
      const people = none
        ? []
        : await Promise.all(words.map((w) => resolvePersonMention(ctx, w, `The ${field}`)));
      if (field === "lead") patch.leadIds = people.map((p) => p.id);
      else {
        patch.sponsorIds = people.map((p) => p.id);
        // Open asks of a former sponsor move with the change, in its transaction.
        handOver = await prepareHandOver(ctx, initiative, people);
      }
      break;
    }
    case "name": {
      const name = validateName(value);
      patch.name = name;
      patch.slug = uniqueSlug(name, new Set(all.filter((i) => i.id !== initiative.id).map((i) => i.slug)));
      break;
    }
  }
  const updated = await ctx.deps.store.updateInitiative(
    ctx.workspace.id,
    initiative.id,
    patch,
    ctx.audit,
    `initiative.set.${field}`,
    handOver?.port,
  );
  if (field === "cadence" || field === "sponsor") await ctx.deps.schedule.reschedule(updated, ctx.now);
  const shown = {
    metric: updated.successMetric,
    readiness: updated.dataReadiness,
    cadence: updated.cadence,
    channel: updated.pmoChannel ? `<#${updated.pmoChannel}>` : "the workspace default",
    sponsor: updated.sponsors.map((p) => p.displayName).join(", ") || "none (unsponsored)",
    lead: updated.leads.map((p) => p.displayName).join(", "),
    name: `${updated.name} (\`${updated.slug}\`)`,
  }[field];
  const notes = field === "sponsor" ? await handOverNote(ctx, initiative, updated, handOver) : [];
  return [ok(`**${updated.name}**: ${field} is now ${shown}.`, notes)];
}
