import { type CommandContext, requireAdmin } from "../commands/context.js";
import { isoDay, parseDay, personZone } from "../commands/dates.js";
import { findInitiative } from "../commands/find-initiative.js";
import { ok } from "../commands/replies.js";
import type { ParsedArgs } from "../commands/tokenize.js";
import { checkFlags, validateText } from "../commands/validate.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import type { Initiative } from "../domain/types.js";
import { OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import { askLine, askMessage } from "./render.js";
import { askViews, dueOf } from "./views.js";

const USAGE = [
  "`/ask <initiative> <what you need from the sponsor> [--by 2026-12-01]`",
  "`/ask list [initiative]`",
  "`/ask close <id>` (resolved another way) · `/ask cancel <id>` (no longer needed)",
];

function mayAsk(ctx: CommandContext, initiative: Initiative): boolean {
  return ctx.isAdmin || initiative.leads.some((l) => l.id === ctx.actor.id);
}

async function create(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  checkFlags(args, ["by"], USAGE[0] as string);
  const [query, ...words] = args.words;
  if (!query) throw new PulseError("usage", "Which initiative, and what do you need?", USAGE);
  const initiative = findInitiative(await ctx.deps.store.listInitiatives(ctx.workspace.id), query);
  if (!mayAsk(ctx, initiative)) {
    throw new PulseError(
      "forbidden",
      `Only a lead of ${initiative.name} or a PMO admin can ask its sponsor for a decision.`,
      [`Leads: ${initiative.leads.map((l) => l.displayName).join(", ") || "none"}.`],
    );
  }
  const text = validateText(words.join(" "), "The ask");
  const sponsor = initiative.sponsors[0];
  if (!sponsor || initiative.status === "closed") {
    throw new PulseError(
      "invalid",
      initiative.status === "closed"
        ? `${initiative.name} is closed; there is nobody to ask.`
        : `${initiative.name} has no sponsor to ask. Name one first: \`/initiative set ${initiative.slug} sponsor @person\`.`,
    );
  }
  let dueAt: Date | null = null;
  const by = args.flags.get("by");
  if (by !== undefined) {
    const tz = personZone(ctx, ctx.actor);
    const day = parseDay(by, tz, "the --by date", "`--by 2026-12-01`");
    dueAt = day.plus({ days: 1 }).toJSDate();
    if (dueAt <= ctx.now)
      throw new PulseError("invalid", `--by ${by} is in the past; give today or a later date.`, [
        USAGE[0] as string,
      ]);
  }
  const tz = sponsor.tz ?? ctx.workspace.tz ?? ctx.deps.config.defaultTz;
  const ask = await ctx.deps.asks.createAsk(
    { workspaceId: ctx.workspace.id, initiativeId: initiative.id, sponsorPersonId: sponsor.id, text, dueAt },
    ctx.audit,
    (created) => {
      const view = {
        ask: created,
        initiativeName: initiative.name,
        initiativeSlug: initiative.slug,
        askedBy: ctx.actor.displayName,
      };
      return [
        {
          workspaceId: ctx.workspace.id,
          platform: ctx.workspace.platform,
          target: { kind: "user", id: sponsor.userId },
          dedupeKey: `ask:${created.id}`,
          purpose: "ask",
          message: askMessage(view, dueOf(ctx.workspace.settings, created), ctx.now, tz),
        },
      ];
    },
  );
  const lastDay = isoDay(
    new Date(dueOf(ctx.workspace.settings, ask).getTime() - 1),
    personZone(ctx, ctx.actor),
  );
  return [
    ok(`Ask #${ask.id} is on its way to ${sponsor.displayName}.`, [
      `Due by the end of ${lastDay}${ask.dueAt ? "" : " (the default)"}; you are told when they answer.`,
      `\`/ask close ${ask.id}\` if it gets resolved another way.`,
    ]),
  ];
}

async function list(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const query = args.words.slice(1).join(" ").trim();
  const all = await ctx.deps.store.listInitiatives(ctx.workspace.id);
  const scope = query ? [findInitiative(all, query)] : all;
  const open = await ctx.deps.asks.listAsks(ctx.workspace.id, {
    initiativeIds: scope.map((i) => i.id),
    statuses: OPEN_ASK_STATUSES,
  });
  const where = query ? ` on ${scope[0]?.name}` : "";
  if (open.length === 0) return [ok(`No open asks${where}.`, [USAGE[0] as string])];
  const tz = personZone(ctx, ctx.actor);
  const views = await askViews(ctx.deps, ctx.workspace.id, open, all);
  return [
    ok(
      `${open.length} open ask${open.length === 1 ? "" : "s"}${where}:`,
      views.map((v) => askLine(v, dueOf(ctx.workspace.settings, v.ask), ctx.now, tz)),
    ),
  ];
}

async function settle(
  ctx: CommandContext,
  args: ParsedArgs,
  status: "closed" | "cancelled",
): Promise<Reply[]> {
  const raw = args.words[1];
  const id = Number((raw ?? "").replace(/^#/, ""));
  if (!raw || !Number.isSafeInteger(id) || id <= 0 || args.words.length > 2)
    throw new PulseError("usage", "Which ask? Give its number.", [
      `\`/ask ${status === "closed" ? "close" : "cancel"} 12\``,
      "`/ask list`",
    ]);
  const ask = await ctx.deps.asks.getAsk(ctx.workspace.id, id);
  if (!ask)
    throw new PulseError("not_found", `There is no ask #${id}.`, ["`/ask list` shows the open ones."]);
  const initiative = await ctx.deps.store.getInitiative(ctx.workspace.id, ask.initiativeId);
  if (!initiative || !mayAsk(ctx, initiative)) {
    requireAdmin(
      ctx,
      `${status === "closed" ? "close" : "cancel"} an ask of an initiative you do not lead`,
      await ctx.deps.store.listAdmins(ctx.workspace.id),
    );
  }
  const done = await ctx.deps.asks.settle(ctx.workspace.id, id, { status, response: null }, ctx.audit, []);
  if (!done) throw new PulseError("closed", `Ask #${id} is already ${ask.status}; nothing changed.`);
  return [ok(`Ask #${id} is ${status}.`)];
}

/** `/ask …`. */
export async function askCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const verb = args.words[0]?.toLowerCase();
  if (verb === "list" || verb === "ls") return list(ctx, args);
  if (verb === "close") return settle(ctx, args, "closed");
  if (verb === "cancel") return settle(ctx, args, "cancelled");
  if (verb === "help") return [ok("Asks: decisions the team needs from its sponsor.", USAGE)];
  return create(ctx, args);
}
