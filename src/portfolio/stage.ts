import type { CommandContext } from "../commands/context.js";
import { findInitiative, matchInitiatives } from "../commands/find-initiative.js";
import { ephemeral, inChannel } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { checkFlags, validateText } from "../commands/validate.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import { message } from "../core/message.js";
import { missingGateItems } from "../domain/gates.js";
import { resolveStage, STAGE_NAMES, STAGE_SHORT, type Stage, stageIndex } from "../domain/stages.js";
import type { Initiative } from "../domain/types.js";
import type { InitiativeName } from "../ports/portfolio-store.js";
import { cadenceDays, parseCadence } from "../schedule/cadence.js";
import { daysBetween } from "./format.js";
import { stageMoveLine } from "./initiative.js";

/** The usage of `/stage` (help and usage errors). */
export const STAGE_USAGE = [
  "`/stage <initiative> <stage> [note…] [--force <reason>]` — move to a stage",
  "`/stage <initiative>` — current stage and history",
];

/**
 * Splits `<initiative words…> <stage> <note…>`: the initiative may be several words ("churn model"),
 * so take the first split where the word after it is a stage and the words before it find an initiative.
 */
function splitTarget(
  all: readonly InitiativeName[],
  words: string[],
): { query: string; stageWord?: string; note: string } {
  for (let k = 1; k < words.length; k++) {
    const word = words[k] as string;
    if (resolveStage(word) && matchInitiatives(all, words.slice(0, k).join(" ")).length > 0) {
      return { query: words.slice(0, k).join(" "), stageWord: word, note: words.slice(k + 1).join(" ") };
    }
  }
  const [first = "", second, ...rest] = words;
  if (matchInitiatives(all, words.join(" ")).length > 0) return { query: words.join(" "), note: "" };
  return second === undefined
    ? { query: first, note: "" }
    : { query: first, stageWord: second, note: rest.join(" ") };
}

export async function stageCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  checkFlags(args, ["force"], STAGE_USAGE[0] ?? "");
  if (args.words.length === 0)
    throw new PulseError("usage", "Which initiative, and which stage?", STAGE_USAGE);
  // Names alone resolve the target; only the one initiative is loaded in full.
  const store = ctx.deps.store;
  const all =
    (await store.initiativeNames?.(ctx.workspace.id)) ?? (await store.listInitiatives(ctx.workspace.id));
  const { query, stageWord, note } = splitTarget(all, args.words);
  const initiative = await store.getInitiative(ctx.workspace.id, findInitiative(all, query).id);
  if (!initiative) throw new PulseError("not_found", `There is no initiative "${query}".`);
  if (stageWord === undefined) {
    if (args.flags.has("force"))
      throw new PulseError("usage", "--force goes with a stage move.", STAGE_USAGE);
    return history(ctx, initiative);
  }
  const to = resolveStage(stageWord);
  if (!to) {
    throw new PulseError("invalid", `"${stageWord}" is not a stage.`, [
      "Stages: strategy (vision, 1), poc (pilot, 2), architecture (arch, build, 3), scaling (production, prod, 4), operational (ops, live, 5).",
    ]);
  }
  return move(ctx, initiative, to, note, args.flags.get("force"));
}

async function history(ctx: CommandContext, initiative: Initiative): Promise<Reply[]> {
  const moves = await ctx.deps.store.stageHistory(ctx.workspace.id, initiative.id);
  return [
    ephemeral(
      message(
        `${initiative.name} is in ${STAGE_NAMES[initiative.stage]}`,
        [
          {
            text: `**${initiative.name}** is in **${STAGE_NAMES[initiative.stage]}** since ${daysBetween(initiative.stageEnteredAt, ctx.now)} days.`,
          },
          { heading: "History", lines: moves.map(stageMoveLine) },
        ],
        { title: `${initiative.name} — stage` },
      ),
    ),
  ];
}

async function move(
  ctx: CommandContext,
  initiative: Initiative,
  to: Stage,
  rawNote: string,
  force: string | undefined,
): Promise<Reply[]> {
  const isLead = initiative.leads.some((p) => p.id === ctx.actor.id);
  const isSponsor = initiative.sponsors.some((p) => p.id === ctx.actor.id);
  if (!ctx.isAdmin && !isLead && !isSponsor) {
    throw new PulseError(
      "forbidden",
      `Only ${initiative.name}'s lead, its sponsor or a PMO admin can move its stage.`,
      [
        `Lead: ${initiative.leads.map((p) => p.displayName).join(", ") || "none"}; sponsor: ${initiative.sponsors.map((p) => p.displayName).join(", ") || "none"}.`,
      ],
    );
  }
  if (initiative.status === "closed") {
    throw new PulseError(
      "closed",
      `${initiative.name} is closed. Resume it first: \`/initiative resume ${initiative.slug}\`.`,
    );
  }
  if (to === initiative.stage) {
    throw new PulseError("invalid", `${initiative.name} is already in ${STAGE_NAMES[to]}.`);
  }
  const note = rawNote ? validateText(rawNote, "The note") : null;
  const forced = force !== undefined ? validateText(force, "The --force reason") : null;
  const missing = missingGateItems(initiative, to, {
    lastSponsorAnswerAt: await ctx.deps.insights.lastSponsorAnswerAt(initiative),
    cadenceDays: cadenceDays(parseCadence(initiative.cadence)),
    now: ctx.now,
  });
  if (missing.length > 0 && !forced) {
    throw new PulseError("gate", `${initiative.name} cannot move to ${STAGE_SHORT[to]} yet. Missing:`, [
      ...missing,
      `To move anyway, say why: \`/stage ${initiative.slug} ${to} --force <reason>\` (it is recorded).`,
    ]);
  }
  const updated = await ctx.deps.store.moveStage(
    ctx.workspace.id,
    initiative.id,
    { from: initiative.stage, to, note, forcedReason: missing.length > 0 ? forced : null },
    ctx.audit,
  );
  const backwards = stageIndex(to) < stageIndex(initiative.stage);
  const text = `${ctx.actor.displayName} moved **${updated.name}** ${backwards ? "back " : ""}to **${STAGE_NAMES[to]}**${note ? `: ${note}` : "."}`;
  const announcement = message(text, [{ text }], {
    ...(missing.length > 0
      ? {
          context: `Gate forced: ${forced} (missing: ${missing.length} item${missing.length > 1 ? "s" : ""})`,
        }
      : {}),
  });
  // The person sees a confirmation; the channel sees the update (the shell shows both).
  return [inChannel(announcement)];
}
